// The setup form's text fields and the SetupInput the engine receives. Validation is the contract's
// own schema, so the form, the command line and main give the same message for the same mistake.
import { PASSED_EXPIRY_MESSAGE, SetupInput, expiryHasPassed, normaliseInstanceUrl, type SettingsView, type SetupValues } from '../../../preload/api.ts';
import type { z } from 'zod';

export interface SetupFormValues {
  instanceUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  secretExpiresOn: string;
  secretNeverExpires: boolean;
  endpointVersion: string;
  caFile: string;
  pollIntervalSeconds: string;
  orderTypes: string;
  orderStatuses: string;
}

export type FieldName = Exclude<keyof SetupFormValues, 'secretNeverExpires'>;
export type FieldErrors = Partial<Record<FieldName, string>>;

/** Which secrets the request carries: a stored secret that is not being replaced is left out. */
export interface SecretInclusion {
  clientSecret: boolean;
  password: boolean;
}

/** The order fields appear in, so the first invalid one gets the focus. */
export const FIELD_ORDER: readonly FieldName[] = [
  'instanceUrl',
  'clientId',
  'clientSecret',
  'username',
  'password',
  'secretExpiresOn',
  'endpointVersion',
  'caFile',
  'pollIntervalSeconds',
  'orderTypes',
  'orderStatuses',
];

export function initialValues(settings: z.output<typeof SettingsView> | null): SetupFormValues {
  return {
    instanceUrl: settings?.instanceUrl ?? '',
    clientId: settings?.clientId ?? '',
    clientSecret: '',
    username: settings?.username ?? '',
    password: '',
    secretExpiresOn: settings?.secretExpiresOn ?? '',
    secretNeverExpires: settings ? settings.secretExpiresOn === null : false,
    endpointVersion: settings?.endpointVersion ?? 'auto',
    caFile: settings?.caFile ?? '',
    pollIntervalSeconds: String(settings?.pollIntervalSeconds ?? 60),
    orderTypes: (settings?.orderTypes ?? ['SO']).join(', '),
    orderStatuses: (settings?.orderStatuses ?? ['Open']).join(', '),
  };
}

function codeList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** The raw request, before the schema trims and normalises it. */
export function toSetupInput(values: SetupFormValues, include: SecretInclusion): SetupInput {
  const input: SetupInput = {
    instanceUrl: values.instanceUrl,
    clientId: values.clientId,
    username: values.username,
    secretExpiresOn: values.secretNeverExpires ? null : values.secretExpiresOn,
    endpointVersion: values.endpointVersion.trim() === '' ? 'auto' : values.endpointVersion,
    caFile: values.caFile.trim() === '' ? null : values.caFile,
    pollIntervalSeconds: values.pollIntervalSeconds.trim(),
    orderTypes: codeList(values.orderTypes),
    orderStatuses: codeList(values.orderStatuses),
  };
  if (include.clientSecret) input.clientSecret = values.clientSecret;
  if (include.password) input.password = values.password;
  return input;
}

export type Validation = { ok: true; setup: SetupValues } | { ok: false; errors: FieldErrors };

function fieldOf(path: readonly PropertyKey[]): FieldName | null {
  const head = path[0];
  return typeof head === 'string' && (FIELD_ORDER as readonly string[]).includes(head) ? (head as FieldName) : null;
}

/**
 * Two mistakes the schema words poorly for a form (it sees null and NaN, not an empty box) get
 * their own message here; everything else is the schema's message.
 */
function formLevelErrors(values: SetupFormValues, storedExpiresOn: string | null): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.secretNeverExpires && values.secretExpiresOn.trim() === '') {
    errors.secretExpiresOn = 'Enter the Expires On date of the Shared Secret, or choose “Never expires” if you left it blank in Acumatica.';
  } else if (!values.secretNeverExpires && values.secretExpiresOn !== storedExpiresOn && expiryHasPassed(values.secretExpiresOn)) {
    // Only a date typed now: the stored one may have passed since, and that alone must not block
    // saving other changes (the dashboard already says the secret expired).
    errors.secretExpiresOn = PASSED_EXPIRY_MESSAGE;
  }
  if (!/^\s*\d+\s*$/.test(values.pollIntervalSeconds)) {
    errors.pollIntervalSeconds = 'Enter the poll interval in whole seconds, for example 60.';
  }
  return errors;
}

/** `storedExpiresOn`: the Expires On already saved, which may lie in the past by now. */
export function validateSetup(values: SetupFormValues, include: SecretInclusion, storedExpiresOn: string | null = null): Validation {
  const own = formLevelErrors(values, storedExpiresOn);
  const safe = {
    ...values,
    secretNeverExpires: values.secretNeverExpires || own.secretExpiresOn !== undefined,
    pollIntervalSeconds: own.pollIntervalSeconds === undefined ? values.pollIntervalSeconds : '60',
  };
  const result = SetupInput.safeParse(toSetupInput(safe, include));
  if (result.success && Object.keys(own).length === 0) return { ok: true, setup: result.data };
  return { ok: false, errors: { ...collect(result), ...own } };
}

function collect(result: ReturnType<typeof SetupInput.safeParse>): FieldErrors {
  const errors: FieldErrors = {};
  if (result.success) return errors;
  for (const issue of result.error.issues) {
    const field = fieldOf(issue.path);
    if (field && errors[field] === undefined) errors[field] = issue.message;
  }
  return errors;
}

/** A server-side error names its field as `clientId` or `setup.clientId`. */
export function fieldFromServer(field: string | undefined): FieldName | null {
  if (!field) return null;
  return fieldOf(field.replace(/^setup\./, '').split('.'));
}

/** What the Instance URL becomes, when that differs from what was typed. */
export function normalisedUrlHint(typed: string): string | null {
  const result = normaliseInstanceUrl(typed);
  return result.ok && result.url !== typed ? result.url : null;
}

export function firstInvalid(errors: FieldErrors): FieldName | null {
  return FIELD_ORDER.find((field) => errors[field] !== undefined) ?? null;
}
