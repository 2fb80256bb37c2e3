// Where imported orders and shipments go: a webhook, an export folder, both or neither. The same
// `destinations` setting as `config set destinations`, validated by the same schema.
import { useEffect, useState, type FormEvent } from 'react';
import { Destinations, type Settings } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { Field } from '../setup/Field.tsx';
import { SaveRow, type SaveOutcome } from './SaveRow.tsx';

interface Values {
  webhookUrl: string;
  folderPath: string;
  format: 'json' | 'csv';
}


function valuesOf(destinations: Settings['destinations']): Values {
  return { webhookUrl: destinations.webhook?.url ?? '', folderPath: destinations.folder?.path ?? '', format: destinations.folder?.format ?? 'json' };
}

/** An empty box turns that destination off; the webhook keeps its timeout when only the URL changes. */
function destinationsOf(values: Values, current: Settings['destinations']) {
  const url = values.webhookUrl.trim();
  const path = values.folderPath.trim();
  return {
    webhook: url ? { url, timeoutSeconds: current.webhook?.timeoutSeconds ?? 30 } : null,
    folder: path ? { path, format: values.format } : null,
  };
}

const NAMES = { webhook: 'webhook', folder: 'export folder' } as const;

/**
 * What a save did, in the operator's words. A destination turned off has what it was still owed
 * dropped unsent at the next sync (the outbox does that), so the save says so before it happens.
 */
export function savedText(before: Settings['destinations'], after: Settings['destinations']): string {
  const removed = (['webhook', 'folder'] as const).filter((name) => before[name] !== null && after[name] === null);
  const none = after.webhook === null && after.folder === null;
  const where = none ? 'No destination is set: orders are still imported, but go nowhere.' : 'Orders imported from now on go to these destinations.';
  const owed = removed.length === 0 ? '' : ` Any deliveries still owed to the ${removed.map((name) => NAMES[name]).join(' and the ')} are dropped unsent at the next sync.`;
  return `Saved. ${where}${owed}`;
}

export function DestinationsForm({ settings, onSaved }: { settings: Settings; onSaved: (settings: Settings) => void }) {
  const api = useApi();
  const [values, setValues] = useState<Values>(() => valuesOf(settings.destinations));
  const [errors, setErrors] = useState<Partial<Record<'webhookUrl' | 'folderPath', string>>>({});
  const [outcome, setOutcome] = useState<SaveOutcome>({ kind: 'idle' });
  const [saved, setSaved] = useState('Saved.');
  useEffect(() => setValues(valuesOf(settings.destinations)), [settings.destinations]);
  // The first field refused takes the focus once its message shows, as in the other forms.
  const [refused, setRefused] = useState<{ id: string } | null>(null);
  useEffect(() => {
    if (refused) document.getElementById(refused.id)?.focus();
  }, [refused]);

  const edit = (name: keyof Values) => (value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors(({ [name as 'webhookUrl']: _dropped, ...rest }) => rest);
    setOutcome({ kind: 'idle' });
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (outcome.kind === 'saving') return; // the button stays focusable while saving (SaveRow)
    const parsed = Destinations.safeParse(destinationsOf(values, settings.destinations));
    if (!parsed.success) {
      const found: typeof errors = {};
      for (const issue of parsed.error.issues) found[issue.path[0] === 'webhook' ? 'webhookUrl' : 'folderPath'] ??= issue.message;
      setErrors(found);
      setRefused({ id: found.webhookUrl ? 'destination-webhook-url' : 'destination-folder-path' });
      return;
    }
    setOutcome({ kind: 'saving' });
    try {
      const updated = await api.updateSettings({ destinations: parsed.data });
      setSaved(savedText(settings.destinations, updated.destinations));
      onSaved(updated);
      setOutcome({ kind: 'saved' });
    } catch (error) {
      setOutcome({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <form className="destinations-form" noValidate aria-labelledby="destinations-heading" onSubmit={(event) => void submit(event)}>
      <h3 id="destinations-heading">Where orders go</h3>
      <Field
        id="destination-webhook-url"
        label="Webhook URL"
        value={values.webhookUrl}
        onValue={edit('webhookUrl')}
        error={errors.webhookUrl}
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        placeholder="https://fulfillment.example.com/dropstream"
        help="Each order and shipment is POSTed here, signed with the webhook secrets below. Leave empty for no webhook."
      />
      <Field
        id="destination-folder-path"
        label="Export folder"
        value={values.folderPath}
        onValue={edit('folderPath')}
        error={errors.folderPath}
        autoComplete="off"
        spellCheck={false}
        help="The full path of an existing folder (the connector does not create it); one file per order or shipment is written there. Leave empty for no export."
      />
      <div className="field">
        <label htmlFor="destination-folder-format">Export file format</label>
        <select id="destination-folder-format" value={values.format} onChange={(event) => edit('format')(event.target.value)}>
          <option value="json">JSON</option>
          <option value="csv">CSV</option>
        </select>
      </div>
      <SaveRow outcome={outcome} label="Save destinations" busyLabel="Saving…" saved={saved} refused="Not saved" />
    </form>
  );
}
