// The setup form: validate with the contract's SetupInput, run the preflight, save after a passing
// test or an explicit "save anyway". Secrets are write-only; a stored one is left out of the request.
import { useEffect, useMemo, useRef, useState } from 'react';
import { ConnectorError, type CompanyChoice, type ConnectorStatus, type PreflightResult, type SetupValues } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { FIELD_ORDER, fieldFromServer, firstInvalid, validateSetup, type FieldErrors, type FieldName, type SetupFormValues } from './form-model.ts';
import { PreflightResults } from './PreflightResults.tsx';
import { SaveBar, type SaveState } from './SaveBar.tsx';
import { SetupFields } from './SetupFields.tsx';

const ADVANCED: readonly FieldName[] = ['endpointVersion', 'caFile', 'pollIntervalSeconds', 'orderTypes', 'orderStatuses'];

type TestState =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'done'; result: PreflightResult; tested: string }
  | { kind: 'failed'; message: string };

export interface SetupFormProps {
  initial: SetupFormValues;
  stored: { clientSecret: boolean; password: boolean };
  onSaved: (status: ConnectorStatus) => void;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function SetupForm({ initial, stored, onSaved }: SetupFormProps) {
  const api = useApi();
  const [values, setValues] = useState(initial);
  const [replacing, setReplacing] = useState({ clientSecret: false, password: false });
  const [shown, setShown] = useState<ReadonlySet<FieldName>>(new Set());
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const resultsRef = useRef<HTMLElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // The field the engine refused, focused once it has rendered: its answer arrives outside any
  // event, so a timer can fire before React has opened Advanced and the field cannot take focus.
  const [refused, setRefused] = useState<{ field: FieldName } | null>(null);
  useEffect(() => {
    if (refused) formRef.current?.querySelector<HTMLElement>(`#${refused.field}`)?.focus();
  }, [refused]);

  // The results take the focus once they have rendered. They answer outside any event, and a 0 ms
  // timer set with the answer fired in Chromium before React had mounted them: the focus stayed on
  // the page, since the Test button it was on is disabled while testing.
  useEffect(() => {
    if (test.kind === 'done') resultsRef.current?.focus();
  }, [test]);

  const includeSecret = !stored.clientSecret || replacing.clientSecret;
  const includePassword = !stored.password || replacing.password;
  const validation = useMemo(
    () => validateSetup(values, { clientSecret: includeSecret, password: includePassword }, initial.secretNeverExpires ? null : initial.secretExpiresOn || null),
    [values, includeSecret, includePassword, initial],
  );
  const schemaErrors = validation.ok ? {} : validation.errors;
  const visibleErrors: FieldErrors = { ...serverErrors };
  for (const field of shown) if (schemaErrors[field]) visibleErrors[field] = schemaErrors[field];
  const snapshot = validation.ok ? JSON.stringify(validation.setup) : null;
  const passedForTheseValues = test.kind === 'done' && test.result.ok && test.tested === snapshot;

  function setValue<K extends keyof SetupFormValues>(field: K, value: SetupFormValues[K]) {
    setValues((current) => ({ ...current, [field]: value }));
    const formField = field === 'secretNeverExpires' ? 'secretExpiresOn' : field;
    setServerErrors(({ [formField as FieldName]: _dropped, ...rest }) => rest);
    if (save.kind === 'failed' || save.kind === 'confirm' || save.kind === 'company') setSave({ kind: 'idle' });
  }

  /** Show every error and move the focus to the first one; null when the form is valid. */
  function checked(): SetupValues | null {
    setShown(new Set(FIELD_ORDER));
    if (validation.ok) return validation.setup;
    const first = firstInvalid(validation.errors);
    if (first && ADVANCED.includes(first)) setAdvancedOpen(true);
    // After React has opened <details> and rendered the message.
    setTimeout(() => formRef.current?.querySelector<HTMLElement>(`#${first}`)?.focus(), 0);
    return null;
  }

  function showServerError(error: unknown): string {
    if (error instanceof ConnectorError) {
      const field = fieldFromServer(error.field);
      if (field) {
        setServerErrors((current) => ({ ...current, [field]: error.message }));
        // A field in a folded Advanced section can neither show its message nor take the focus.
        if (ADVANCED.includes(field)) setAdvancedOpen(true);
        setRefused({ field });
      }
    }
    return message(error);
  }

  async function runTest() {
    const setup = checked();
    if (!setup) return;
    const tested = JSON.stringify(setup);
    setTest({ kind: 'running' });
    setSave({ kind: 'idle' });
    try {
      const result = await api.testConnection(setup);
      setTest({ kind: 'done', result, tested });
    } catch (error) {
      setTest({ kind: 'failed', message: showServerError(error) });
    }
  }

  async function runSave(saveUntested: boolean, companyChoice?: CompanyChoice) {
    const setup = checked();
    if (!setup) return;
    setSave({ kind: 'saving' });
    try {
      const status = await api.saveSetup({ setup: companyChoice ? { ...setup, companyChoice } : setup, saveUntested });
      setValues((current) => ({ ...current, clientSecret: '', password: '' }));
      setReplacing({ clientSecret: false, password: false });
      setSave({ kind: 'saved' });
      onSaved(status);
    } catch (error) {
      // Another instance or tenant while the ledger holds records: the engine asks which it is.
      if (error instanceof ConnectorError && error.field === 'companyChoice') setSave({ kind: 'company', message: error.message, saveUntested });
      else setSave({ kind: 'failed', message: showServerError(error) });
    }
  }

  return (
    <form
      ref={formRef}
      className="setup-form"
      noValidate
      aria-labelledby="setup-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void runTest();
      }}
    >
      <SetupFields
        values={values}
        errors={visibleErrors}
        stored={stored}
        replacing={replacing}
        onReplacing={(secret, value) => setReplacing((current) => ({ ...current, [secret]: value }))}
        onValue={setValue}
        onBlur={(field, next) => {
          // Leaving a field for one of the form's buttons: showing the message now would move the
          // button between press and release and swallow the click; the button shows it anyway.
          if (next instanceof HTMLElement && next.closest('button, summary') && formRef.current?.contains(next)) return;
          setShown((current) => new Set(current).add(field));
        }}
        advancedOpen={advancedOpen}
        onAdvancedOpen={setAdvancedOpen}
      />
      {test.kind === 'failed' ? (
        <p className="alert alert-error" role="alert">
          The test could not run: {test.message}
        </p>
      ) : null}
      {test.kind === 'done' ? <PreflightResults result={test.result} ref={resultsRef} /> : null}
      {test.kind === 'done' && test.tested !== snapshot ? (
        <p className="field-note">The values changed since this test. Test again before saving.</p>
      ) : null}
      <SaveBar
        testing={test.kind === 'running'}
        passed={passedForTheseValues}
        save={save}
        onSave={() => void runSave(false)}
        onConfirm={() => setSave({ kind: 'confirm' })}
        onSaveAnyway={() => void runSave(true)}
        onCancel={() => setSave({ kind: 'idle' })}
        onCompanyChoice={(choice, saveUntested) => void runSave(saveUntested, choice)}
      />
    </form>
  );
}
