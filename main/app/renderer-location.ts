// Where the UI is loaded from, and how to recognise it: the built file in production, the
// electron-vite dev server in development. A sender on any other URL is not ours.
import { pathToFileURL } from 'node:url';
import type { Screen } from '../../preload/api.ts';

export interface RendererLocation {
  /** What to hand loadURL: the screen travels in the hash, so no server round trip is needed. */
  url(screen: Screen): string;
  isOurUrl(url: string): boolean;
}

export function rendererLocation(options: { indexFile: string; devServerUrl?: string | undefined }): RendererLocation {
  const base = options.devServerUrl ? new URL(options.devServerUrl) : pathToFileURL(options.indexFile);
  const ours = bare(base);
  return {
    url: (screen) => `${ours}#/${screen}`,
    isOurUrl(url) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return false;
      }
      if (options.devServerUrl) return parsed.origin === base.origin;
      return bare(parsed) === ours;
    },
  };
}

function bare(url: URL): string {
  const copy = new URL(url);
  copy.hash = '';
  copy.search = '';
  return copy.href;
}
