// The date on this computer's calendar, the operator's day: what `sync --since` dates count in,
// and when the "today" counts roll over (the ledger counts from local midnight).

/** The date on this computer's calendar at `ms`, as YYYY-MM-DD. */
export function localDate(ms: number): string {
  const at = new Date(ms);
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}
