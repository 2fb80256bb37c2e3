// "Rotate secret": replace the Client Secret without downtime, in the order DropStream's setup
// article gives ("About the Shared Secret expiration"): add a new Shared Secret in Acumatica, enter
// it, let the connector prove and switch to it, then remove the old one and check the connection.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ConnectorError, type ConnectorStatus } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { AddSecretStep } from './AddSecretStep.tsx';
import { DoneStep } from './DoneStep.tsx';
import { EnterSecretStep } from './EnterSecretStep.tsx';
import { EMPTY_ROTATE_FORM, validateRotate, type RotateErrors, type RotateFormValues } from './rotate-model.ts';
import { VerifyStep, type VerifyState } from './VerifyStep.tsx';

type Step = 'add' | 'enter' | 'verify' | 'done';

const STEPS: readonly { id: Step; title: string; short: string }[] = [
  { id: 'add', title: 'Add a new Shared Secret in Acumatica', short: 'Add in Acumatica' },
  { id: 'enter', title: 'Enter the new secret', short: 'Enter it' },
  { id: 'verify', title: 'Verify and switch', short: 'Verify and switch' },
  { id: 'done', title: 'Remove the old secret', short: 'Remove the old one' },
];

export interface RotateSecretScreenProps {
  status: ConnectorStatus;
  onStatus: (status: ConnectorStatus) => void;
  onFinish: () => void;
  onOpenSetup: () => void;
}

export function RotateSecretScreen({ status, onStatus, onFinish, onOpenSetup }: RotateSecretScreenProps) {
  const api = useApi();
  const [step, setStep] = useState<Step>('add');
  const [values, setValues] = useState<RotateFormValues>(EMPTY_ROTATE_FORM);
  const [errors, setErrors] = useState<RotateErrors>({});
  const [verify, setVerify] = useState<VerifyState>({ kind: 'idle' });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  // Each step announces itself: the focus goes to its heading (not on the first render).
  useEffect(() => {
    if (moved.current) headingRef.current?.focus();
    moved.current = true;
  }, [step]);

  if (status.connection.kind === 'not-configured') {
    return (
      <Frame>
        <p>There is no secret to rotate yet: set up the connection first.</p>
        <button type="button" className="button-primary" onClick={onOpenSetup}>
          Open Setup
        </button>
      </Frame>
    );
  }

  const index = STEPS.findIndex((candidate) => candidate.id === step);
  const validation = validateRotate(values);

  async function runVerify() {
    if (!validation.ok) return setStep('enter');
    setVerify({ kind: 'running' });
    try {
      const next = await api.rotateSecret(validation.request);
      // The value has done its job; it does not stay in the page.
      setValues(EMPTY_ROTATE_FORM);
      setVerify({ kind: 'idle' });
      onStatus(next);
      setStep('done');
    } catch (error) {
      // What to fix: the value (refused), the password (refused on the field `password`: the value
      // may be right, so it is kept), or nothing typed (no answer).
      const refused = error instanceof ConnectorError && (error.code === 'refused' || error.code === 'invalid-request');
      const passwordRefused = refused && error.field === 'password';
      setVerify({ kind: 'failed', message: error instanceof Error ? error.message : String(error), rejected: refused && !passwordRefused, passwordRefused });
    }
  }

  return (
    <Frame>
      <ol className="wizard-steps" aria-label="Steps">
        {STEPS.map((candidate, position) => (
          <li key={candidate.id} aria-current={candidate.id === step ? 'step' : undefined} className={position < index ? 'step-done' : undefined}>
            <span className="step-number" aria-hidden="true">
              {position < index ? '✓' : position + 1}
            </span>
            {candidate.short}
          </li>
        ))}
      </ol>
      <section className="wizard-panel" aria-labelledby="wizard-step-heading">
        <h3 id="wizard-step-heading" ref={headingRef} tabIndex={-1}>
          Step {index + 1} of {STEPS.length}: {STEPS[index]?.title}
        </h3>
        {step === 'add' ? <AddSecretStep onNext={() => setStep('enter')} /> : null}
        {step === 'enter' ? (
          <EnterSecretStep
            values={values}
            errors={errors}
            onValues={setValues}
            onErrors={setErrors}
            onBack={() => setStep('add')}
            onNext={() => {
              setVerify({ kind: 'idle' });
              setStep('verify');
            }}
          />
        ) : null}
        {step === 'verify' ? (
          <VerifyStep
            expiresOn={validation.ok ? validation.request.expiresOn : null}
            state={verify}
            onVerify={() => void runVerify()}
            onBack={() => {
              if (verify.kind === 'failed' && verify.rejected) setValues((current) => ({ ...current, newSecret: '' }));
              setStep('enter');
            }}
          />
        ) : null}
        {step === 'done' ? <DoneStep onFinish={onFinish} /> : null}
      </section>
    </Frame>
  );
}

function Frame({ children }: { children: ReactNode }) {
  return (
    <section className="screen wizard" aria-labelledby="rotate-heading">
      <h2 id="rotate-heading" tabIndex={-1}>
        Rotate the client secret
      </h2>
      {children}
    </section>
  );
}
