// The real engine behind the shell: the Connector (ledger, vault, Acumatica connection, poller)
// composed as main/engine/open-headless.ts composes it for the service, with the app's own vault
// (safeStorage) handed in instead of the key-file one. Plain Node, so tests run it over a temp
// folder.
import type { EventName, PayloadOf } from '../../preload/api.ts';
import { Connector } from '../engine/connector.ts';
import { createHandlers } from '../engine/handlers.ts';
import { PollerBusyError } from '../engine/poller-lease.ts';
import { createLogger } from '../log/index.ts';
import type { CreateShellEngine, ShellEngine } from './shell-engine.ts';

const APP_NAME = 'DropStream Connector';
/** The app's log file set, beside the service's and the CLI's in `<dataDir>/logs/`. */
export const APP_LOG_NAME = 'app';

export const createConnectorShellEngine: CreateShellEngine = async ({ dataDir, vault, appVersion, onPollingTakenOver }) => {
  const log = createLogger({ dataDir, baseName: APP_LOG_NAME });
  let connector: Connector;
  try {
    connector = new Connector({ dataDir, vault, log });
  } catch (error) {
    log.close();
    throw error;
  }
  let logOpen = true;
  const stop = async () => {
    try {
      await connector.stop();
    } finally {
      logOpen = false;
      log.close();
    }
  };
  try {
    // An unreadable vault is not an error here: the Connector reports it as `credentials-needed`.
    await connector.refreshSecretPresence();
    // A service on the same folder (the CLI's default is this folder) already polls: the app
    // refuses to start (PollerBusyError names it) rather than poll Acumatica a second time.
    connector.claimPolling('desktop', (message) => onPollingTakenOver?.(message));
  } catch (error) {
    // The app shows the error and exits; the log file (Open logs folder, diagnostics) says why
    // too, then the ledger and the log are released.
    const refusal = error instanceof PollerBusyError ? new Error(refusedStart(error, dataDir), { cause: error }) : error;
    log.logger.error({ scope: 'shell', detail: refusal instanceof Error ? refusal.message : String(refusal) }, 'the app could not start');
    await stop();
    throw refusal;
  }
  const shellLog: ShellEngine['log'] = (level, message, detail) => {
    if (logOpen) log.logger[level]({ scope: 'shell', ...(detail === undefined ? {} : { detail }) }, message);
  };
  return shellEngineOver(connector, appVersion, stop, shellLog);
};

/**
 * The dialog's words when another process polls this folder. The app cannot reach its tray, so
 * the one switch that keeps it from coming back at every login (its login item) is named here:
 * where a service is meant to sync, that is what the operator needs to turn off.
 */
function refusedStart(error: PollerBusyError, dataDir: string): string {
  const loginItem =
    error.heldBy.kind === 'service'
      ? ' If that service is meant to do the syncing, take DropStream Connector out of the login items (startup apps) so that it stops starting at login.'
      : '';
  return `${error.message} Data folder: ${dataDir}.${loginItem}`;
}

function shellEngineOver(connector: Connector, appVersion: string, stop: () => Promise<void>, log: ShellEngine['log']): ShellEngine {
  const on = <E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): (() => void) =>
    connector.subscribe((name, payload) => {
      // The connector emits payloads already in the contract's shapes (main/engine/events.ts);
      // the event bridge still validates each one before it reaches the window.
      if (name === event) listener(payload as PayloadOf<E>);
    });

  return {
    handlers: createHandlers(connector, { name: APP_NAME, version: appVersion, mode: 'electron' }),
    getStatus: () => connector.status(),
    setting: (key) => connector.settings.get(key),
    onStatus: (listener) => on('status', listener),
    onEvent: (event, listener) => on(event, listener),
    start: () => connector.start(),
    async syncNow() {
      // The outcome reaches the operator as status and activity events; nothing to add here.
      await connector.syncNow();
    },
    pause: (minutes) => connector.pause(minutes),
    resume: () => connector.resume(),
    stop,
    log,
  };
}
