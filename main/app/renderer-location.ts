// Where the UI is loaded from, and how to recognise it: app://dropstream/ (the built renderer,
// served by renderer-protocol.ts) in production, the electron-vite dev server in development.
// A sender on any other URL is not ours.
import type { Screen } from '../../preload/api.ts';
import { APP_ORIGIN, isAppOrigin } from './renderer-files.ts';

export interface RendererLocation {
  /** What to hand loadURL: the screen travels in the hash, so no server round trip is needed. */
  url(screen: Screen): string;
  /** Our page itself (any hash): the only top frame whose IPC is answered. */
  isOurUrl(url: string): boolean;
}

const PAGE = '/index.html';

export function rendererLocation(options: { devServerUrl?: string | undefined }): RendererLocation {
  const parse = (url: string): URL | null => {
    try {
      return new URL(url);
    } catch {
      return null;
    }
  };
  if (options.devServerUrl) {
    const base = new URL(options.devServerUrl);
    return { url: (screen) => `${bare(base)}#/${screen}`, isOurUrl: (url) => parse(url)?.origin === base.origin };
  }
  return {
    url: (screen) => `${APP_ORIGIN}${PAGE}#/${screen}`,
    isOurUrl: (url) => {
      const parsed = parse(url);
      return parsed !== null && isAppOrigin(parsed) && parsed.pathname === PAGE;
    },
  };
}

function bare(url: URL): string {
  const copy = new URL(url);
  copy.hash = '';
  copy.search = '';
  return copy.href;
}
