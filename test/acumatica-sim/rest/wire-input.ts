// Reading value-wrapped fields from request bodies ({"TrackingNbr": {"value": "1Z..."}}).

export type WireObject = Record<string, unknown>;

export function isObject(value: unknown): value is WireObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** undefined = field not sent; null = sent as null/empty. */
export function wireValue(record: WireObject, field: string): string | number | boolean | null | undefined {
  if (!Object.hasOwn(record, field)) return undefined;
  const wrapped = record[field];
  if (!isObject(wrapped) || !Object.hasOwn(wrapped, 'value')) return null;
  const value = wrapped.value;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

export function wireString(record: WireObject, field: string): string | null | undefined {
  const value = wireValue(record, field);
  return value === undefined || value === null ? value : String(value);
}

/** Puts an error on a field of an echoed record, keeping the value the client sent. */
export function markError(record: WireObject, field: string, message: string): void {
  const current = record[field];
  record[field] = { ...(isObject(current) ? current : { value: null }), error: message };
}
