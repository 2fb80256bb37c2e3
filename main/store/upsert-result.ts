/** What one upsert did to one record; `previousStatus` is set on updates. */
export interface UpsertChange<Key, Status = string> {
  kind: 'imported' | 'updated';
  key: Key;
  status: Status;
  previousStatus?: Status;
}

export interface UpsertResult<Key, Status = string> {
  imported: number;
  updated: number;
  /** Same version as stored (or an older one arriving late): nothing was written. */
  unchanged: number;
  changes: UpsertChange<Key, Status>[];
}

export function emptyUpsertResult<Key, Status = string>(): UpsertResult<Key, Status> {
  return { imported: 0, updated: 0, unchanged: 0, changes: [] };
}

export type IncomingVersion = 'new' | 'newer' | 'not-newer';

/**
 * Decides whether an incoming record version should be written. The same lastModified (as the
 * same instant, whatever offset it was rendered with) is a re-delivery of what we have, and an
 * older one is a late page from an overlapping poll: neither may overwrite newer data.
 */
export function classifyIncoming(storedMs: number | undefined, incomingMs: number): IncomingVersion {
  if (storedMs === undefined) return 'new';
  return incomingMs > storedMs ? 'newer' : 'not-newer';
}
