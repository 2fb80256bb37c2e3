// Enter a tracking number by hand for the order in the drawer: queued for writeback, posted to the
// order's shipment in Acumatica at the next sync; the timeline then shows the result.
import { useRef, useState, type FormEvent } from 'react';
import { ConnectorError, type OrderKey, type TrackingStatus } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { Field } from '../setup/Field.tsx';
import { EMPTY_TRACKING, trackingFieldFromServer, validateTracking, type TrackingErrors, type TrackingField, type TrackingFormValues } from './tracking-model.ts';

type Outcome = { kind: 'idle' } | { kind: 'saving' } | { kind: 'queued'; trackingNbr: string; fresh: boolean; status: TrackingStatus } | { kind: 'failed'; message: string };

/** A number entered before: "already queued" for one that had failed sent the operator waiting for a post that never came. */
function knownBefore(trackingNbr: string, status: TrackingStatus): string {
  if (status === 'failed') {
    return `Not queued again: ${trackingNbr} failed before with this carrier, weight and Box ID (the Deliveries tab shows why). Retry it there once the cause is fixed in Acumatica, or enter it with the corrected Box ID, weight or carrier.`;
  }
  if (status === 'dismissed') {
    return `Not queued again: ${trackingNbr} was dismissed before with this carrier, weight and Box ID, so it is not written to Acumatica. Enter it with a corrected Box ID, weight or carrier to send it after all.`;
  }
  if (status === 'posted') return `Already posted: ${trackingNbr} was entered for this order before and is in Acumatica; it is not sent twice.`;
  return `Already queued: ${trackingNbr} was entered for this order before; it is not sent twice.`;
}

export function TrackingForm({ order, onQueued }: { order: OrderKey; onQueued: () => void }) {
  const api = useApi();
  const [values, setValues] = useState<TrackingFormValues>(EMPTY_TRACKING);
  const [errors, setErrors] = useState<TrackingErrors>({});
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const formRef = useRef<HTMLFormElement>(null);
  const focus = (field: TrackingField) => setTimeout(() => formRef.current?.querySelector<HTMLElement>(`#tracking-${field}`)?.focus(), 0);

  const field = (name: TrackingField) => ({
    id: `tracking-${name}`,
    value: values[name],
    error: errors[name],
    onValue: (value: string) => {
      setValues((current) => ({ ...current, [name]: value }));
      setErrors(({ [name]: _dropped, ...rest }) => rest);
    },
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (outcome.kind === 'saving') return; // the button stays focusable while queueing
    const result = validateTracking(order, values);
    if (!result.ok) {
      setErrors(result.errors);
      focus(result.first);
      return;
    }
    setOutcome({ kind: 'saving' });
    try {
      const { queued, status } = await api.addTracking(result.input);
      setOutcome({ kind: 'queued', trackingNbr: values.trackingNbr.trim(), fresh: queued, status });
      setValues(EMPTY_TRACKING);
      onQueued();
    } catch (error) {
      if (error instanceof ConnectorError && error.field) {
        const name = trackingFieldFromServer(error.field);
        setErrors({ [name]: error.message });
        focus(name);
        setOutcome({ kind: 'idle' });
      } else setOutcome({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <form ref={formRef} className="tracking-form" noValidate aria-labelledby="tracking-heading" onSubmit={(event) => void submit(event)}>
      <h4 id="tracking-heading">Add a tracking number</h4>
      <Field label="Tracking number" autoComplete="off" spellCheck={false} {...field('trackingNbr')} />
      <div className="field-pair">
        <Field label="Carrier (optional)" autoComplete="off" placeholder="UPS" {...field('carrier')} />
        <Field label="Weight (optional)" inputMode="decimal" autoComplete="off" {...field('weight')} />
      </div>
      <Field
        label="Box ID (optional)"
        autoComplete="off"
        spellCheck={false}
        {...field('boxId')}
        help="Posted to the order's shipment at the next sync, on its first package without a tracking number; a new package takes this Box ID, else the defaultBoxId setting."
      />
      <div className="button-row">
        {/* aria-disabled, not disabled: a disabled button drops the keyboard focus to the page (see SaveRow). */}
        <button type="submit" className="button-primary" aria-disabled={outcome.kind === 'saving'}>
          {outcome.kind === 'saving' ? 'Queueing…' : 'Queue tracking number'}
        </button>
      </div>
      <div aria-live="polite">
        {outcome.kind === 'queued' ? (
          <p className={outcome.fresh ? 'text-ok' : 'field-note'}>
            {outcome.fresh ? `Queued: ${outcome.trackingNbr} is posted to Acumatica at the next sync.` : knownBefore(outcome.trackingNbr, outcome.status)}
          </p>
        ) : null}
      </div>
      {outcome.kind === 'failed' ? (
        <p className="alert alert-error" role="alert">
          Not queued: {outcome.message}
        </p>
      ) : null}
    </form>
  );
}
