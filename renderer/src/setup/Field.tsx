// One labelled form field: the help text says where the value comes from, the error says how to
// fix it. Both are tied to the input with aria-describedby so a screen reader reads them.
import type { InputHTMLAttributes, ReactNode } from 'react';

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value'> {
  id: string;
  label: string;
  help?: ReactNode;
  error?: string | undefined;
  value: string;
  onValue: (value: string) => void;
  after?: ReactNode;
}

export function Field({ id, label, help, error, value, onValue, after, ...input }: FieldProps) {
  const helpId = help ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, helpId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={id}
        value={value}
        onChange={(event) => onValue(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      {after}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      {help ? (
        <p id={helpId} className="field-help">
          {help}
        </p>
      ) : null}
    </div>
  );
}
