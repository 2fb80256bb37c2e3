// Sync now, and pausing: for an hour (it resumes by itself) or until someone resumes it.
import type { Connection } from '../../../preload/api.ts';
import type { ConnectionAction } from './connection-copy.ts';

export interface SyncControlsProps {
  connection: Connection;
  /** Paused, also when the connection shows something that outranks it (ConnectorStatus.paused). */
  paused: boolean;
  /** The connection card already offers this one; do not show it twice. */
  primary: ConnectionAction;
  busy: boolean;
  onSyncNow: () => void;
  onPause: (minutes: number | null) => void;
  onResume: () => void;
}

export function SyncControls({ connection, paused, primary, busy, onSyncNow, onPause, onResume }: SyncControlsProps) {
  if (connection.kind === 'not-configured') return null;
  return (
    <div className="button-row" role="group" aria-label="Sync controls">
      {primary !== 'sync-now' && !paused ? (
        <button type="button" className="button-secondary" disabled={busy || connection.kind === 'syncing'} onClick={onSyncNow}>
          Sync now
        </button>
      ) : null}
      {paused ? (
        primary === 'resume' ? null : (
          <button type="button" className="button-secondary" disabled={busy} onClick={onResume}>
            Resume
          </button>
        )
      ) : (
        <>
          <button type="button" className="button-secondary" disabled={busy} onClick={() => onPause(60)}>
            Pause 1 hour
          </button>
          <button type="button" className="button-secondary" disabled={busy} onClick={() => onPause(null)}>
            Pause until resumed
          </button>
        </>
      )}
    </div>
  );
}
