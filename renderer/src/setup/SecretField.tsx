// A write-only secret. Once the engine holds it, the form says "stored" and offers Replace; the value
// itself never comes back to the UI, and while it is not replaced the request leaves it out.
import { useEffect, useRef } from 'react';

export interface SecretFieldProps {
  id: string;
  label: string;
  help: string;
  stored: boolean;
  replacing: boolean;
  onReplacing: (replacing: boolean) => void;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
  autoComplete: string;
}

export function SecretField({ id, label, help, stored, replacing, onReplacing, value, onValue, error, autoComplete }: SecretFieldProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const replaceRef = useRef<HTMLButtonElement>(null);
  const wasReplacing = useRef(replacing);
  const editing = !stored || replacing;

  // Move the focus with the toggle so keyboard users land where they can act.
  useEffect(() => {
    if (replacing && !wasReplacing.current) inputRef.current?.focus();
    if (!replacing && wasReplacing.current) replaceRef.current?.focus();
    wasReplacing.current = replacing;
  }, [replacing]);

  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [error && editing ? errorId : null, helpId].filter(Boolean).join(' ');

  if (!editing) {
    return (
      <div className="field">
        <span className="field-label" id={`${id}-label`}>
          {label}
        </span>
        <div className="secret-stored">
          <span className="badge badge-ok" id={`${id}-stored`}>
            Stored
          </span>
          <span className="secret-note">kept encrypted by the connector; it is never shown</span>
          <button
            type="button"
            ref={replaceRef}
            className="button-secondary"
            aria-describedby={`${id}-label ${id}-stored`}
            onClick={() => onReplacing(true)}
          >
            Replace
          </button>
        </div>
        <p id={helpId} className="field-help">
          {help}
        </p>
      </div>
    );
  }

  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{stored ? `New ${label}` : label}</label>
      <div className="secret-edit">
        <input
          id={id}
          name={id}
          ref={inputRef}
          type="password"
          value={value}
          autoComplete={autoComplete}
          spellCheck={false}
          onChange={(event) => onValue(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        {stored ? (
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              onValue('');
              onReplacing(false);
            }}
          >
            Keep stored
          </button>
        ) : null}
      </div>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      <p id={helpId} className="field-help">
        {help}
      </p>
    </div>
  );
}
