// Step 3: the engine proves the new secret with a refresh grant (no new API session) while the
// connection keeps running on the old one; only a secret Acumatica accepted is stored. A refusal
// changes nothing, so the operator can simply try another value.
import { useEffect, useRef } from 'react';
import { formatDate } from '../format.ts';

export type VerifyState = { kind: 'idle' } | { kind: 'running' } | { kind: 'failed'; message: string; rejected: boolean; passwordRefused?: boolean };

export interface VerifyStepProps {
  expiresOn: string | null;
  state: VerifyState;
  onVerify: () => void;
  onBack: () => void;
}

export function VerifyStep({ expiresOn, state, onVerify, onBack }: VerifyStepProps) {
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.kind === 'failed') alertRef.current?.focus();
  }, [state]);
  const running = state.kind === 'running';
  return (
    <>
      <p>
        The connector asks Acumatica for a token with the new secret (a refresh grant, which opens no extra API session). Orders
        keep flowing on the old secret meanwhile. Only if Acumatica accepts the new one does the connector switch to it.
      </p>
      <p>
        If Acumatica refuses it, <strong>nothing changes</strong>: the connector keeps using the old secret and you can try again.
      </p>
      <dl className="facts">
        <dt>New secret</dt>
        <dd>entered (hidden)</dd>
        <dt>Expires On</dt>
        <dd>{expiresOn === null ? 'Never' : formatDate(expiresOn)}</dd>
      </dl>
      {state.kind === 'failed' ? (
        <div className="alert alert-error" role="alert" tabIndex={-1} ref={alertRef}>
          <p>
            <strong>Not switched.</strong> {state.message}
          </p>
          {state.rejected ? (
            <p>
              <strong>How to fix: </strong>check that you pasted the whole Value of the Shared Secret you added to the DropStream
              application (the one with the connector's Client ID), and that its Expires On is still in the future. If the value is
              lost, add another Shared Secret and enter that one.
            </p>
          ) : state.passwordRefused ? (
            <p>
              <strong>How to fix: </strong>enter the integration user's current password with Update password on the dashboard,
              then come back and verify this secret again.
            </p>
          ) : (
            <p>The connector could not reach Acumatica to check it. Check the connection on the dashboard, then try again.</p>
          )}
        </div>
      ) : null}
      <div className="button-row">
        <button type="button" className="button-secondary" disabled={running} onClick={onBack}>
          {state.kind === 'failed' && state.rejected ? 'Enter the value again' : 'Back'}
        </button>
        <button type="button" className="button-primary" disabled={running} onClick={onVerify}>
          {running ? 'Verifying…' : state.kind === 'failed' ? 'Try again' : 'Verify and switch'}
        </button>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {running ? 'Verifying the new secret with Acumatica…' : ''}
      </p>
    </>
  );
}
