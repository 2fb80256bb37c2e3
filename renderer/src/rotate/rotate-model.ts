// The wizard's form and the request it sends, validated with the contract's own rotateSecret schema
// (SecretValue and IsoDate), so the wizard, the command line and main word a mistake the same way.
import { methods, type RequestOf } from '../../../preload/api.ts';

export interface RotateFormValues {
  newSecret: string;
  expiresOn: string;
  neverExpires: boolean;
}

export type RotateField = 'newSecret' | 'expiresOn';
export type RotateErrors = Partial<Record<RotateField, string>>;

export const EMPTY_ROTATE_FORM: RotateFormValues = { newSecret: '', expiresOn: '', neverExpires: false };

export type RotateValidation = { ok: true; request: RequestOf<'rotateSecret'> } | { ok: false; errors: RotateErrors; first: RotateField };

export function validateRotate(values: RotateFormValues): RotateValidation {
  const errors: RotateErrors = {};
  // The schema sees null or a string; an empty date box needs its own words.
  if (!values.neverExpires && values.expiresOn.trim() === '') {
    errors.expiresOn = 'Enter the Expires On date of the new Shared Secret, or choose “Never expires” if you left it blank in Acumatica.';
  }
  const parsed = methods.rotateSecret.request.safeParse({
    newSecret: values.newSecret,
    expiresOn: values.neverExpires || errors.expiresOn ? null : values.expiresOn,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if ((field === 'newSecret' || field === 'expiresOn') && errors[field] === undefined) errors[field] = issue.message;
    }
  }
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, request: parsed.data };
  return { ok: false, errors, first: errors.newSecret ? 'newSecret' : 'expiresOn' };
}
