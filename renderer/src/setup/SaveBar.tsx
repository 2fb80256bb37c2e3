// Test, then save. Saving without a passing test is allowed, but only after saying so explicitly.
import { useEffect, useRef } from 'react';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'confirm' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'failed'; message: string };

export interface SaveBarProps {
  testing: boolean;
  passed: boolean;
  save: SaveState;
  onSave: () => void;
  onConfirm: () => void;
  onSaveAnyway: () => void;
  onCancel: () => void;
}

export function SaveBar({ testing, passed, save, onSave, onConfirm, onSaveAnyway, onCancel }: SaveBarProps) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (save.kind === 'confirm') confirmRef.current?.focus();
  }, [save.kind]);
  const busy = testing || save.kind === 'saving';

  return (
    <div className="save-bar">
      <div className="button-row">
        <button type="submit" className={passed ? 'button-secondary' : 'button-primary'} disabled={busy}>
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        {passed ? (
          <button type="button" className="button-primary" disabled={busy} onClick={onSave}>
            {save.kind === 'saving' ? 'Saving…' : 'Save'}
          </button>
        ) : (
          <button type="button" className="button-secondary" disabled={busy || save.kind === 'confirm'} onClick={onConfirm}>
            Save without a passing test…
          </button>
        )}
      </div>
      {save.kind === 'confirm' ? (
        <div className="alert alert-warn" role="group" aria-labelledby="save-anyway-text">
          <p id="save-anyway-text">
            These settings have not passed the connection test. The connector will keep trying and show the problem on the
            dashboard. Save them anyway?
          </p>
          <div className="button-row">
            <button type="button" ref={confirmRef} className="button-primary" onClick={onSaveAnyway}>
              Save anyway
            </button>
            <button type="button" className="button-secondary" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      <div aria-live="polite" className="save-status">
        {save.kind === 'saving' ? <p>Saving…</p> : null}
        {save.kind === 'saved' ? <p className="text-ok">Saved. The connector is starting with these settings.</p> : null}
      </div>
      {save.kind === 'failed' ? (
        <p className="alert alert-error" role="alert">
          Not saved: {save.message}
        </p>
      ) : null}
    </div>
  );
}
