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

/**
 * States a sync cannot leave by itself: the engine sends no rejected secret or password again, and
 * cannot read a vault it could not decrypt, until the operator acts (the card says how). Sync now
 * would answer with the same state and look as if it did nothing.
 */
const WAITING_FOR_THE_OPERATOR: ReadonlySet<Connection['kind']> = new Set(['secret-rejected', 'credentials-rejected', 'credentials-needed']);

export function SyncControls({ connection, paused, primary, busy, onSyncNow, onPause, onResume }: SyncControlsProps) {
  if (connection.kind === 'not-configured') return null;
  return (
    <div className="button-row" role="group" aria-label="Sync controls">
      {primary !== 'sync-now' && !paused && !WAITING_FOR_THE_OPERATOR.has(connection.kind) ? (
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
