// Step 4: the new secret is in use. Now the old one can go, and a connection check (the preflight on
// the saved values, which reuses the running connection) confirms nothing depended on it.
import { useEffect, useRef, useState } from 'react';
import type { PreflightResult } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { PreflightResults } from '../setup/PreflightResults.tsx';
import { initialValues, toSetupInput } from '../setup/form-model.ts';

type CheckState = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; result: PreflightResult } | { kind: 'failed'; message: string };

export function DoneStep({ onFinish }: { onFinish: () => void }) {
  const api = useApi();
  const [check, setCheck] = useState<CheckState>({ kind: 'idle' });
  const resultsRef = useRef<HTMLElement>(null);
  // Once the results have rendered (a timer set with the answer can fire first; see SetupForm).
  useEffect(() => {
    if (check.kind === 'done') resultsRef.current?.focus();
  }, [check]);

  async function checkConnection() {
    setCheck({ kind: 'running' });
    try {
      const saved = toSetupInput(initialValues(await api.getSettings()), { clientSecret: false, password: false });
      setCheck({ kind: 'done', result: await api.testConnection(saved) });
    } catch (error) {
      setCheck({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <>
      <p className="text-ok" role="status">
        Switched: the connector now signs in with the new secret.
      </p>
      <p>Remove the old secret in Acumatica now, so a copy of it cannot be used:</p>
      <ol className="steps-list">
        <li>
          Open <strong>Integration › Connected Applications</strong> and select the DropStream application.
        </li>
        <li>
          On the <strong>Secrets</strong> tab, select the <strong>old</strong> Shared Secret (the one with the earlier Expires On),
          delete it and save.
        </li>
        <li>Then check the connection here: it should still pass on the new secret alone.</li>
      </ol>
      <div className="button-row">
        <button type="button" className="button-primary" disabled={check.kind === 'running'} onClick={() => void checkConnection()}>
          {check.kind === 'running' ? 'Checking…' : 'Check connection'}
        </button>
        <button type="button" className="button-secondary" onClick={onFinish}>
          Back to the dashboard
        </button>
      </div>
      {check.kind === 'failed' ? (
        <p className="alert alert-error" role="alert">
          The check could not run: {check.message}
        </p>
      ) : null}
      {check.kind === 'done' ? <PreflightResults result={check.result} ref={resultsRef} passedText="All checks passed: the connection works on the new secret." /> : null}
    </>
  );
}
