// Sign-in refused, or a password needed: why that happens to an integration user, and a form to
// give the connector the password again. The connector tries a new password once; it does not keep
// retrying a refused one, because repeated failures lock the user out.
import { useRef, useState, type FormEvent } from 'react';
import { methods, type Connection, type ConnectorStatus } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; message: string };

export interface PasswordHelpProps {
  kind: Extract<Connection['kind'], 'credentials-rejected' | 'credentials-needed'>;
  onStatus: (status: ConnectorStatus) => void;
  onOpenSetup: () => void;
}

export function PasswordHelp({ kind, onStatus, onOpenSetup }: PasswordHelpProps) {
  const api = useApi();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const inputRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = methods.updatePassword.request.safeParse({ password });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Enter the Password.');
      inputRef.current?.focus();
      return;
    }
    setSave({ kind: 'saving' });
    try {
      const status = await api.updatePassword(parsed.data);
      setPassword('');
      setSave({ kind: 'saved' });
      onStatus(status);
    } catch (failure) {
      setSave({ kind: 'failed', message: failure instanceof Error ? failure.message : String(failure) });
    }
  }

  return (
    <section className="panel" aria-labelledby="password-help-heading">
      <h3 id="password-help-heading">{kind === 'credentials-rejected' ? 'Why Acumatica refuses the sign-in' : 'Enter the password again'}</h3>
      {kind === 'credentials-rejected' ? (
        <ul>
          <li>The integration user's password was changed in Acumatica (or has expired under the password policy).</li>
          <li>“Change password at next login” is set on the user: clear it, the connector cannot change passwords.</li>
          <li>The user was disabled, or is locked out after too many failed sign-ins: an administrator must unlock it.</li>
        </ul>
      ) : null}
      <form noValidate onSubmit={(event) => void submit(event)} aria-label="Update password">
        <div className={error ? 'field field-invalid' : 'field'}>
          <label htmlFor="newPassword">Password of the integration user</label>
          <input
            id="newPassword"
            ref={inputRef}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => {
              setPassword(event.target.value);
              setError(null);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${error ? 'newPassword-error ' : ''}newPassword-help`}
          />
          {error ? (
            <p id="newPassword-error" className="field-error">
              {error}
            </p>
          ) : null}
          <p id="newPassword-help" className="field-help">
            The connector tries it once, straight away. If Acumatica refuses it again, the connector stops and asks again instead
            of retrying: repeated failures lock the user out. Check the password in Acumatica before you enter it.
          </p>
        </div>
        <div className="button-row">
          <button type="submit" className="button-primary" disabled={save.kind === 'saving'}>
            {save.kind === 'saving' ? 'Updating…' : 'Update password'}
          </button>
          <button type="button" className="button-secondary" onClick={onOpenSetup}>
            Username changed? Open Setup
          </button>
        </div>
      </form>
      <div aria-live="polite">{save.kind === 'saved' ? <p className="text-ok">Password updated. The connector is signing in with it.</p> : null}</div>
      {save.kind === 'failed' ? (
        <p className="alert alert-error" role="alert">
          Not updated: {save.message}
        </p>
      ) : null}
    </section>
  );
}
