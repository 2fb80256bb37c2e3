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

export function DestinationsForm({ settings, onSaved }: { settings: Settings; onSaved: (settings: Settings) => void }) {
  const api = useApi();
  const [values, setValues] = useState<Values>(() => valuesOf(settings.destinations));
  const [errors, setErrors] = useState<Partial<Record<'webhookUrl' | 'folderPath', string>>>({});
  const [outcome, setOutcome] = useState<SaveOutcome>({ kind: 'idle' });
  useEffect(() => setValues(valuesOf(settings.destinations)), [settings.destinations]);

  const edit = (name: keyof Values) => (value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors(({ [name as 'webhookUrl']: _dropped, ...rest }) => rest);
    setOutcome({ kind: 'idle' });
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = Destinations.safeParse(destinationsOf(values, settings.destinations));
    if (!parsed.success) {
      const found: typeof errors = {};
      for (const issue of parsed.error.issues) found[issue.path[0] === 'webhook' ? 'webhookUrl' : 'folderPath'] ??= issue.message;
      setErrors(found);
      return;
    }
    setOutcome({ kind: 'saving' });
    try {
      onSaved(await api.updateSettings({ destinations: parsed.data }));
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
        help="A full path; one file per order or shipment is written there. Leave empty for no export."
      />
      <div className="field">
        <label htmlFor="destination-folder-format">Export file format</label>
        <select id="destination-folder-format" value={values.format} onChange={(event) => edit('format')(event.target.value)}>
          <option value="json">JSON</option>
          <option value="csv">CSV</option>
        </select>
      </div>
      <SaveRow outcome={outcome} label="Save destinations" busyLabel="Saving…" saved="Saved. Orders imported from now on go to these destinations." refused="Not saved" />
    </form>
  );
}
