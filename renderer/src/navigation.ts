// Where the Electron shell sends the window: a tray item or a notification pushes a `navigate`
// event, and a window the shell opens may load `index.html#/<screen>`. Both name a contract Screen;
// this maps it to one of the window's own screens.
import { Screen as RequestedScreen } from '../../preload/api.ts';

export type AppScreen = 'dashboard' | 'orders' | 'deliveries' | 'activity' | 'setup' | 'rotate-secret';

/** Screens the shell cannot name but an address can (`#/orders`, `#/deliveries`). */
const LOCAL_SCREENS: readonly AppScreen[] = ['orders', 'deliveries'];

/** Every screen the contract names is one of the window's; a new one fails to compile here. */
export function destinationOf(requested: RequestedScreen): AppScreen {
  return requested;
}

/** `#/setup`, `#setup` or `#/rotate-secret`; null for no hash or one that names no screen. */
export function destinationFromHash(hash: string): AppScreen | null {
  const name = decodeURIComponent(hash.replace(/^#\/?/, '')).replace(/\/+$/, '');
  const local = LOCAL_SCREENS.find((screen) => screen === name);
  if (local) return local;
  const requested = RequestedScreen.safeParse(name);
  return requested.success ? destinationOf(requested.data) : null;
}
