// "Show me the app" from outside the running one: a second launch on Windows and Linux (Electron's
// `second-instance`; the new process quits at once, holding no lock), and on macOS opening the
// app again from Finder or Spotlight while it runs (`activate`; macOS starts no second process).
// Both open the dashboard. Listened for as soon as the single-instance lock is held, not once
// start-up is done: start-up awaits the ledger and the login item, and a launch made meanwhile
// (the operator clicking again at boot because nothing showed yet) was dropped; it is kept and
// answered once the window can be shown, and several such launches open it once.
export interface ReopenSource {
  on(event: 'second-instance' | 'activate', listener: () => void): unknown;
}

export interface ReopenRequests {
  /** From now on a request opens the dashboard through `open`; one made earlier does so at once. */
  ready(open: () => void): void;
}

export function listenForReopen(app: ReopenSource): ReopenRequests {
  let open: (() => void) | null = null;
  let pending = false;
  const request = (): void => {
    if (open) open();
    else pending = true;
  };
  app.on('second-instance', request);
  app.on('activate', request);
  return {
    ready(opener) {
      open = opener;
      if (pending) {
        pending = false;
        opener();
      }
    },
  };
}
