// Test, then save. Saving without a passing test is allowed, but only after saying so explicitly.
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { CompanyChoice } from '../../../preload/api.ts';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'confirm' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'failed'; message: string }
  /** The engine asks whether new values name the company the ledger came from (see company-change.ts). */
  | { kind: 'company'; message: string; saveUntested: boolean };

export interface SaveBarProps {
  testing: boolean;
  passed: boolean;
  save: SaveState;
  onSave: () => void;
  onConfirm: () => void;
  onSaveAnyway: () => void;
  onCancel: () => void;
  /** The answer to the company question: the save runs again with it. */
  onCompanyChoice: (choice: CompanyChoice, saveUntested: boolean) => void;
}

export function SaveBar({ testing, passed, save, onSave, onConfirm, onSaveAnyway, onCancel, onCompanyChoice }: SaveBarProps) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  const companyRef = useRef<HTMLDivElement>(null);
  // The button that opened a question: Cancel puts the focus back there, not on the page body.
  const saveRef = useRef<HTMLButtonElement>(null);
  const cancel = () => {
    onCancel();
    // After React has re-rendered: the button may be disabled while its question shows.
    setTimeout(() => saveRef.current?.focus(), 0);
  };
  // Escape answers a question as Cancel does, as it closes a dialog.
  const cancelOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    cancel();
  };
  useEffect(() => {
    if (save.kind === 'confirm') confirmRef.current?.focus();
    if (save.kind === 'company') companyRef.current?.focus();
  }, [save.kind]);
  const busy = testing || save.kind === 'saving';

  return (
    <div className="save-bar">
      <div className="button-row">
        <button type="submit" className={passed ? 'button-secondary' : 'button-primary'} disabled={busy}>
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        {passed ? (
          <button type="button" ref={saveRef} className="button-primary" disabled={busy} onClick={onSave}>
            {save.kind === 'saving' ? 'Saving…' : 'Save'}
          </button>
        ) : (
          <button type="button" ref={saveRef} className="button-secondary" disabled={busy || save.kind === 'confirm'} onClick={onConfirm}>
            Save without a passing test…
          </button>
        )}
      </div>
      {save.kind === 'confirm' ? (
        <div className="alert alert-warn" role="group" aria-labelledby="save-anyway-text" onKeyDown={cancelOnEscape}>
          <p id="save-anyway-text">
            These settings have not passed the connection test. The connector will keep trying and show the problem on the
            dashboard. Save them anyway?
          </p>
          <div className="button-row">
            <button type="button" ref={confirmRef} className="button-primary" onClick={onSaveAnyway}>
              Save anyway
            </button>
            <button type="button" className="button-secondary" onClick={cancel}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {save.kind === 'company' ? (
        <div className="alert alert-warn" role="group" aria-labelledby="company-question" ref={companyRef} tabIndex={-1} onKeyDown={cancelOnEscape}>
          <p id="company-question">{save.message}</p>
          <div className="button-row">
            <button type="button" className="button-secondary" onClick={() => onCompanyChoice('same-company', save.saveUntested)}>
              Same company
            </button>
            <button type="button" className="button-secondary" onClick={() => onCompanyChoice('new-company', save.saveUntested)}>
              Another company
            </button>
            <button type="button" className="button-secondary" onClick={cancel}>
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
