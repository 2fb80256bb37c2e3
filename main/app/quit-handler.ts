// Quitting is asynchronous: the engine finishes the transaction in flight and signs out as the
// auth policy says before the process goes. The first `before-quit` is held back until that is
// done (or `timeoutMs` passes, so a hung network cannot keep the app alive), then quit resumes.
export interface QuittableApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export interface QuitHandlerOptions {
  app: QuittableApp;
  /** Runs first, synchronously: let windows close, take the tray down. */
  beforeStop(): void;
  stop(): Promise<void>;
  timeoutMs?: number;
  onError(error: unknown): void;
  setTimeout(callback: () => void, ms: number): unknown;
}

export function installQuitHandler(options: QuitHandlerOptions): void {
  let phase: 'running' | 'stopping' | 'stopped' = 'running';
  options.app.on('before-quit', (event) => {
    if (phase === 'stopped') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    options.beforeStop();
    const timeout = new Promise<void>((resolve) => {
      options.setTimeout(() => {
        options.onError(new Error('The engine did not stop in time; quitting anyway.'));
        resolve();
      }, options.timeoutMs ?? 20_000);
    });
    void Promise.race([options.stop().catch(options.onError), timeout]).then(() => {
      phase = 'stopped';
      options.app.quit();
    });
  });
}
