// A sync cycle runs every minute and usually takes a fraction of a second; showing each one would
// make the tray icon blink all day. So `syncing` (and `connecting`) reach the tray only when the
// operator asked for the cycle or it has lasted longer than `delayMs`; until then the tray keeps
// showing the state before it. When the tray's first status is already busy (a connection that
// has never synced: "connecting"), there is no state before it, so it shows as it is: a green
// "connected" before the connector had ever reached Acumatica would be a lie. After a restart the
// first status is the last sync's ("connected"), which stands until a cycle lasts over `delayMs`.
import type { Connection, ConnectorStatus } from '../../preload/api.ts';
import type { Timers } from './timers.ts';

export interface SyncIndicatorOptions {
  timers: Timers;
  onChange(status: ConnectorStatus): void;
  delayMs?: number;
}

export interface SyncIndicator {
  update(status: ConnectorStatus): void;
  dispose(): void;
}

function isBusy(connection: Connection): boolean {
  return connection.kind === 'connecting' || connection.kind === 'syncing';
}

export function createSyncIndicator(options: SyncIndicatorOptions): SyncIndicator {
  const delay = options.delayMs ?? 1000;
  const { timers } = options;
  let settled: Connection | null = null;
  let latest: ConnectorStatus | null = null;
  let timer: unknown = null;
  let showingBusy = false;

  function stopTimer(): void {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  }

  return {
    update(status) {
      latest = status;
      const connection = status.connection;
      if (!isBusy(connection)) {
        stopTimer();
        showingBusy = false;
        settled = connection;
        options.onChange(status);
        return;
      }
      const requested = connection.kind === 'syncing' && connection.requested;
      if (showingBusy || requested || settled === null) {
        stopTimer();
        showingBusy = true;
        options.onChange(status);
        return;
      }
      if (timer === null) {
        timer = timers.setTimeout(() => {
          timer = null;
          showingBusy = true;
          if (latest) options.onChange(latest);
        }, delay);
      }
      options.onChange({ ...status, connection: settled });
    },
    dispose: stopTimer,
  };
}
