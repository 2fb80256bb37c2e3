// Sync now, and pausing: for an hour (it resumes by itself) or until someone resumes it.
import type { Connection } from '../../../preload/api.ts';

export interface SyncControlsProps {
  connection: Connection;
  busy: boolean;
  onSyncNow: () => void;
  onPause: (minutes: number | null) => void;
  onResume: () => void;
}

export function SyncControls({ connection, busy, onSyncNow, onPause, onResume }: SyncControlsProps) {
  if (connection.kind === 'not-configured') return null;
  const paused = connection.kind === 'paused';
  return (
    <div className="button-row" role="group" aria-label="Sync controls">
      <button type="button" className="button-secondary" disabled={busy || paused || connection.kind === 'syncing'} onClick={onSyncNow}>
        Sync now
      </button>
      {paused ? (
        <button type="button" className="button-secondary" disabled={busy} onClick={onResume}>
          Resume
        </button>
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
