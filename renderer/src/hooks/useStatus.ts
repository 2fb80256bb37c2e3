// The engine's status: fetched once, then kept current by 'status' events. Actions that answer
// with a status (sync, pause, save) hand it to `replace` so the screen does not wait for the event.
import { useCallback, useEffect, useState } from 'react';
import type { ConnectorApi, ConnectorStatus } from '../../../preload/api.ts';

export type StatusState =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; status: ConnectorStatus };

/** A status older than the one shown (a late action answer after a newer event) is dropped. */
export function newer(current: StatusState, next: ConnectorStatus): boolean {
  if (current.kind !== 'ready' || current.status.revision === undefined || next.revision === undefined) return true;
  return next.revision >= current.status.revision;
}

export function useStatus(api: ConnectorApi): { state: StatusState; replace: (status: ConnectorStatus) => void; reload: () => void } {
  const [state, setState] = useState<StatusState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    let heard = false;
    const off = api.on('status', (status) => {
      heard = true;
      if (live) setState((current) => (newer(current, status) ? { kind: 'ready', status } : current));
    });
    api.getStatus().then(
      (status) => {
        if (live && !heard) setState((current) => (newer(current, status) ? { kind: 'ready', status } : current));
      },
      (error: unknown) => {
        if (live && !heard) setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      live = false;
      off();
    };
  }, [api, attempt]);

  const replace = useCallback((status: ConnectorStatus) => setState((current) => (newer(current, status) ? { kind: 'ready', status } : current)), []);
  const reload = useCallback(() => {
    setState({ kind: 'loading' });
    setAttempt((n) => n + 1);
  }, []);
  return { state, replace, reload };
}
