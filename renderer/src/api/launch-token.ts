// The headless service prints `http://127.0.0.1:PORT/?token=…`. The page keeps the token for the
// tab's life in sessionStorage (a reload keeps working) and takes it out of the address bar, so it
// is not left in the history, a bookmark or a screenshot.

const STORAGE_KEY = 'dropstream.launchToken';

export interface LaunchTokenHost {
  location: Pick<Location, 'href'>;
  history: Pick<History, 'replaceState' | 'state'>;
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
}

export function takeLaunchToken(host: LaunchTokenHost): string | null {
  const url = new URL(host.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    url.searchParams.delete('token');
    host.history.replaceState(host.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    if (fromUrl.trim() !== '') {
      host.sessionStorage.setItem(STORAGE_KEY, fromUrl);
      return fromUrl;
    }
  }
  const stored = host.sessionStorage.getItem(STORAGE_KEY);
  return stored !== null && stored !== '' ? stored : null;
}
