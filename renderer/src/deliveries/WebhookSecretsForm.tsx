// The webhook's API key and signing secret, as the receiver's operator gave them. They go into the
// encrypted vault in main and never come back: the form only learns whether each is stored.
import { useEffect, useState, type FormEvent } from 'react';
import { WebhookSecretsInput, type WebhookSecretsStored } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { Field } from '../setup/Field.tsx';
import { SaveRow, type SaveOutcome } from './SaveRow.tsx';


export function WebhookSecretsForm() {
  const api = useApi();
  const [stored, setStored] = useState<WebhookSecretsStored | null>(null);
  const [apiKey, setApiKey] = useState('');
  const [signingSecret, setSigningSecret] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'apiKey' | 'signingSecret', string>>>({});
  const [outcome, setOutcome] = useState<SaveOutcome>({ kind: 'idle' });
  // The first field refused takes the focus once its message shows, as in the other forms.
  const [refused, setRefused] = useState<{ id: string } | null>(null);
  useEffect(() => {
    if (refused) document.getElementById(refused.id)?.focus();
  }, [refused]);

  useEffect(() => {
    let live = true;
    api.webhookSecretsStored().then(
      (value) => live && setStored(value),
      () => undefined, // the form still works; the stored state shows as unknown
    );
    return () => {
      live = false;
    };
  }, [api]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (outcome.kind === 'saving') return; // the button stays focusable while saving (SaveRow)
    // Both at once, as the receiver issues them: half a pair would sign with a stale secret.
    const parsed = WebhookSecretsInput.safeParse({ apiKey, signingSecret });
    if (!parsed.success) {
      const found: typeof errors = {};
      for (const issue of parsed.error.issues) found[issue.path[0] as 'apiKey' | 'signingSecret'] ??= issue.message;
      setErrors(found);
      setRefused({ id: found.apiKey ? 'webhook-api-key' : 'webhook-signing-secret' });
      return;
    }
    setOutcome({ kind: 'saving' });
    try {
      setStored(await api.setWebhookSecrets(parsed.data));
      setApiKey('');
      setSigningSecret('');
      setOutcome({ kind: 'saved' });
    } catch (error) {
      setOutcome({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  const state =
    stored === null
      ? 'checking…'
      : stored.storedForOtherReceiver !== null
        ? `stored for ${stored.storedForOtherReceiver}, not for this webhook URL's receiver: they are not sent to another receiver, so deliveries wait until this receiver's are stored`
        : stored.apiKey && stored.signingSecret
          ? 'both stored (encrypted)'
          : 'not stored: the webhook cannot be sent until they are';
  return (
    <form className="webhook-secrets-form" noValidate aria-labelledby="webhook-secrets-heading" onSubmit={(event) => void submit(event)}>
      <h3 id="webhook-secrets-heading">Webhook secrets</h3>
      <p className="field-note" aria-live="polite">
        API key and signing secret: {state}
      </p>
      <Field
        id="webhook-api-key"
        label={stored?.apiKey ? 'New API key' : 'API key'}
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={apiKey}
        onValue={(value) => (setApiKey(value), setErrors(({ apiKey: _dropped, ...rest }) => rest))}
        error={errors.apiKey}
      />
      <Field
        id="webhook-signing-secret"
        label={stored?.signingSecret ? 'New signing secret' : 'Signing secret'}
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={signingSecret}
        onValue={(value) => (setSigningSecret(value), setErrors(({ signingSecret: _dropped, ...rest }) => rest))}
        error={errors.signingSecret}
        help="Sent as X-DropStream-Api-Key, and used to sign each request (HMAC-SHA256); see docs/webhook-payload.md."
      />
      <SaveRow outcome={outcome} label="Store webhook secrets" busyLabel="Storing…" saved="Stored. Deliveries waiting for them go at the next sync." refused="Not stored" />
    </form>
  );
}
