// Per-entity access rights of the signed-in user; 403 bodies name the form, as Acumatica's do.
import { exception, type SimResponse } from '../http/response.ts';
import type { Right, UserRecord } from '../identity/accounts.ts';
import type { AnyEntityDef } from './schema.ts';

const RANK: Record<Right, number> = { none: 0, read: 1, write: 2 };

export function checkRight(user: UserRecord | undefined, def: AnyEntityDef, needed: 'read' | 'write'): SimResponse | null {
  const has = user?.rights[def.name] ?? 'none';
  if (RANK[has] >= RANK[needed]) return null;
  const message =
    needed === 'read' || has === 'none'
      ? `You have insufficient rights to access the ${def.formTitle} (${def.screenId}) form.`
      : `You have insufficient rights to modify the ${def.formTitle} (${def.screenId}) form.`;
  const response = exception(403, message, 'PX.Data.PXNotEnoughRightsException');
  return { ...response, body: JSON.stringify({ ...JSON.parse(response.body), message }) };
}
