// Where the Electron shell sends the window: a tray item or a notification pushes a `navigate`
// event, and a window the shell opens may load `index.html#/<screen>`. Both name a contract Screen;
// this maps it to one of the window's own screens.
import { Screen as RequestedScreen } from '../../preload/api.ts';

export type AppScreen = 'dashboard' | 'orders' | 'activity' | 'setup';

export interface Destination {
  screen: AppScreen;
  /** Open Setup with the Client Secret ready to be replaced. */
  replaceSecret: boolean;
}

export function destinationOf(requested: RequestedScreen): Destination {
  switch (requested) {
    case 'rotate-secret':
      // Until the rotation wizard exists, rotating the secret is Setup with the Client Secret in
      // replace mode: enter the new Shared Secret, test, save.
      return { screen: 'setup', replaceSecret: true };
    case 'dashboard':
    case 'setup':
    case 'activity':
      return { screen: requested, replaceSecret: false };
  }
}

/** `#/setup`, `#setup` or `#/rotate-secret`; null for no hash or one that names no screen. */
export function destinationFromHash(hash: string): Destination | null {
  const name = decodeURIComponent(hash.replace(/^#\/?/, '')).replace(/\/+$/, '');
  if (name === 'orders') return { screen: 'orders', replaceSecret: false };
  const requested = RequestedScreen.safeParse(name);
  return requested.success ? destinationOf(requested.data) : null;
}
