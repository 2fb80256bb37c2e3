// Step 2: the new value (write-only: a password box, never shown again) and its Expires On date.
import { useRef, type FormEvent } from 'react';
import { validateRotate, type RotateErrors, type RotateFormValues } from './rotate-model.ts';

export interface EnterSecretStepProps {
  values: RotateFormValues;
  errors: RotateErrors;
  onValues: (values: RotateFormValues) => void;
  onErrors: (errors: RotateErrors) => void;
  onBack: () => void;
  onNext: () => void;
}

export function EnterSecretStep({ values, errors, onValues, onErrors, onBack, onNext }: EnterSecretStepProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const set = (patch: Partial<RotateFormValues>) => {
    onValues({ ...values, ...patch });
    const cleared = { ...errors };
    if ('newSecret' in patch) delete cleared.newSecret;
    if ('expiresOn' in patch || 'neverExpires' in patch) delete cleared.expiresOn;
    onErrors(cleared);
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    const result = validateRotate(values);
    if (result.ok) return onNext();
    onErrors(result.errors);
    setTimeout(() => formRef.current?.querySelector<HTMLElement>(`#${result.first}`)?.focus(), 0);
  }
  const describe = (id: string) => [errors[id as keyof RotateErrors] ? `${id}-error` : null, `${id}-help`].filter(Boolean).join(' ');

  return (
    <form ref={formRef} noValidate onSubmit={submit} aria-label="The new Shared Secret">
      <div className={errors.newSecret ? 'field field-invalid' : 'field'}>
        <label htmlFor="newSecret">New Client Secret</label>
        <input
          id="newSecret"
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          value={values.newSecret}
          onChange={(event) => set({ newSecret: event.target.value })}
          aria-invalid={errors.newSecret ? true : undefined}
          aria-describedby={describe('newSecret')}
        />
        {errors.newSecret ? (
          <p id="newSecret-error" className="field-error">
            {errors.newSecret}
          </p>
        ) : null}
        <p id="newSecret-help" className="field-help">
          Paste the Value of the Shared Secret you just added. It is sent to the connector, kept encrypted and never shown again.
        </p>
      </div>
      <div className={errors.expiresOn ? 'field field-invalid' : 'field'}>
        <label htmlFor="expiresOn">Expires On (UTC)</label>
        <div className="inline-controls">
          <input
            id="expiresOn"
            type="date"
            value={values.neverExpires ? '' : values.expiresOn}
            disabled={values.neverExpires}
            onChange={(event) => set({ expiresOn: event.target.value })}
            aria-invalid={errors.expiresOn ? true : undefined}
            aria-describedby={describe('expiresOn')}
          />
          <label className="checkbox">
            <input type="checkbox" checked={values.neverExpires} onChange={(event) => set({ neverExpires: event.target.checked })} />
            Never expires
          </label>
        </div>
        {errors.expiresOn ? (
          <p id="expiresOn-error" className="field-error">
            {errors.expiresOn}
          </p>
        ) : null}
        <p id="expiresOn-help" className="field-help">
          The date you set on the new Shared Secret; the connector reminds you 30 days before it.
        </p>
      </div>
      <div className="button-row">
        <button type="button" className="button-secondary" onClick={onBack}>
          Back
        </button>
        <button type="submit" className="button-primary">
          Next
        </button>
      </div>
    </form>
  );
}
