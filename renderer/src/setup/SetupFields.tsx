// The setup form's fields. Each help text says where the value is found, in the setup article's words.
import type { FocusEvent } from 'react';
import type { FieldErrors, FieldName, SetupFormValues } from './form-model.ts';
import { normalisedUrlHint } from './form-model.ts';
import { Field } from './Field.tsx';
import { SecretField } from './SecretField.tsx';
import { inArticle } from './article.ts';

export interface SetupFieldsProps {
  values: SetupFormValues;
  errors: FieldErrors;
  stored: { clientSecret: boolean; password: boolean };
  replacing: { clientSecret: boolean; password: boolean };
  onReplacing: (secret: 'clientSecret' | 'password', replacing: boolean) => void;
  onValue: <K extends keyof SetupFormValues>(field: K, value: SetupFormValues[K]) => void;
  /** `next` is what takes the focus; see SetupForm for why that matters. */
  onBlur: (field: FieldName, next: EventTarget | null) => void;
  advancedOpen: boolean;
  onAdvancedOpen: (open: boolean) => void;
}

export function SetupFields(props: SetupFieldsProps) {
  const { values, errors, onValue, onBlur } = props;
  const urlHint = normalisedUrlHint(values.instanceUrl);
  const text = (field: FieldName) => ({
    value: values[field],
    onValue: (value: string) => onValue(field, value),
    onBlur: (event: FocusEvent<HTMLInputElement>) => onBlur(field, event.relatedTarget),
    error: errors[field],
  });
  return (
    <>
      <fieldset>
        <legend>Acumatica sign-in</legend>
        <Field
          id="instanceUrl"
          label="Instance URL"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          placeholder="https://mycompany.acumatica.com"
          {...text('instanceUrl')}
          after={
            urlHint && !errors.instanceUrl ? (
              <p className="field-note" id="instanceUrl-normalised" aria-live="polite">
                The connector will use <code>{urlHint}</code>
              </p>
            ) : null
          }
          help={<>The address of your Acumatica sign-in page; a pasted page address is trimmed to the base. See {inArticle('overview')}.</>}
        />
        <Field
          id="clientId"
          label="Client ID"
          autoComplete="off"
          spellCheck={false}
          placeholder="03539A80-9BBD-231F-0435-7FBC92E9CD3F@MyCompany"
          {...text('clientId')}
          help={<>From {inArticle('clientId')}, in the form &lt;GUID&gt;@&lt;Tenant&gt;. Include the @Tenant part.</>}
        />
        <SecretField
          id="clientSecret"
          label="Client Secret"
          autoComplete="new-password"
          stored={props.stored.clientSecret}
          replacing={props.replacing.clientSecret}
          onReplacing={(replacing) => props.onReplacing('clientSecret', replacing)}
          value={values.clientSecret}
          onValue={(value) => onValue('clientSecret', value)}
          error={errors.clientSecret}
          help={`The Shared Secret's Value from ${inArticle('secret')}. Acumatica shows it only once; if it is lost, add a new Shared Secret.`}
        />
        <Field
          id="username"
          label="Username"
          autoComplete="off"
          spellCheck={false}
          placeholder="dropstream"
          {...text('username')}
          help={<>The Login of the integration user from {inArticle('user')}.</>}
        />
        <SecretField
          id="password"
          label="Password"
          autoComplete="new-password"
          stored={props.stored.password}
          replacing={props.replacing.password}
          onReplacing={(replacing) => props.onReplacing('password', replacing)}
          value={values.password}
          onValue={(value) => onValue('password', value)}
          error={errors.password}
          help={`The integration user's Password from ${inArticle('user')}. Clear "force password change" so it stays valid.`}
        />
        <div className={errors.secretExpiresOn ? 'field field-invalid' : 'field'}>
          <label htmlFor="secretExpiresOn">Shared secret expires on (UTC)</label>
          <div className="inline-controls">
            <input
              id="secretExpiresOn"
              type="date"
              value={values.secretNeverExpires ? '' : values.secretExpiresOn}
              disabled={values.secretNeverExpires}
              onChange={(event) => onValue('secretExpiresOn', event.target.value)}
              onBlur={(event) => onBlur('secretExpiresOn', event.relatedTarget)}
              aria-invalid={errors.secretExpiresOn ? true : undefined}
              aria-describedby={`${errors.secretExpiresOn ? 'secretExpiresOn-error ' : ''}secretExpiresOn-help`}
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={values.secretNeverExpires}
                onChange={(event) => onValue('secretNeverExpires', event.target.checked)}
              />
              Never expires
            </label>
          </div>
          {errors.secretExpiresOn ? (
            <p className="field-error" id="secretExpiresOn-error">
              {errors.secretExpiresOn}
            </p>
          ) : null}
          <p className="field-help" id="secretExpiresOn-help">
            The Expires On (UTC) date you set in {inArticle('secret')}; choose Never expires if you left it blank. The dashboard counts down to it. See {inArticle('expiry')}.
          </p>
        </div>
      </fieldset>
      <details open={props.advancedOpen} onToggle={(event) => props.onAdvancedOpen(event.currentTarget.open)}>
        <summary>Advanced</summary>
        <Field id="endpointVersion" label="Endpoint version" spellCheck={false} {...text('endpointVersion')} help="“auto” picks the newest Default endpoint your instance offers; or enter one such as 24.200.001." />
        <Field id="caFile" label="Extra CA certificate file (optional)" spellCheck={false} placeholder="/etc/ssl/company-ca.pem" {...text('caFile')} help="Full path, on the computer running the connector, of a PEM file for an internal certificate authority. Leave empty for public certificates." />
        <Field id="pollIntervalSeconds" label="Poll interval (seconds)" inputMode="numeric" {...text('pollIntervalSeconds')} help="How often the connector asks Acumatica for changes: 15 to 86400 seconds." />
        <Field id="orderTypes" label="Order types" spellCheck={false} {...text('orderTypes')} help="Sales order types to import, separated by commas, for example SO, RM." />
        <Field id="orderStatuses" label="Order statuses" spellCheck={false} {...text('orderStatuses')} help="Sales order statuses to import, separated by commas, for example Open, Back Order." />
      </details>
    </>
  );
}
