// Records kept in key order (Acumatica lists come back ordered by key) with O(1) lookups by key
// and by id. Bulk loading sorts once, so seeding 100,000 orders stays fast.

export class KeyedTable<R extends { id: string }> {
  private sorted: R[] = [];
  private readonly byKey = new Map<string, R>();
  private readonly byId = new Map<string, R>();
  private readonly keyOf: (record: R) => string;

  /** keyOf must produce strings whose plain comparison matches the entity's key order. */
  constructor(keyOf: (record: R) => string) {
    this.keyOf = keyOf;
  }

  get size(): number {
    return this.sorted.length;
  }

  /** Replaces the whole content. */
  load(records: R[]): void {
    this.byKey.clear();
    this.byId.clear();
    for (const record of records) {
      this.byKey.set(this.keyOf(record), record);
      this.byId.set(record.id, record);
    }
    // Sort by precomputed keys: calling keyOf inside the comparator allocates n log n strings.
    this.sorted = [...this.byKey.entries()].sort((a, b) => compare(a[0], b[0])).map((entry) => entry[1]);
  }

  /** Inserts, or replaces the record with the same key. */
  put(record: R): void {
    const key = this.keyOf(record);
    const existing = this.byKey.get(key);
    this.byKey.set(key, record);
    this.byId.set(record.id, record);
    if (existing) {
      if (existing.id !== record.id) this.byId.delete(existing.id);
      this.sorted[this.indexOf(key)] = record;
      return;
    }
    const last = this.sorted[this.sorted.length - 1];
    // New records usually get the next number, so appending is the common case.
    if (!last || compare(this.keyOf(last), key) < 0) this.sorted.push(record);
    else this.sorted.splice(this.indexOf(key), 0, record);
  }

  delete(key: string): R | undefined {
    const existing = this.byKey.get(key);
    if (!existing) return undefined;
    this.byKey.delete(key);
    this.byId.delete(existing.id);
    this.sorted.splice(this.indexOf(key), 1);
    return existing;
  }

  get(key: string): R | undefined {
    return this.byKey.get(key);
  }

  getById(id: string): R | undefined {
    return this.byId.get(id.toLowerCase());
  }

  /** Records in key order. Do not mutate the array. */
  all(): readonly R[] {
    return this.sorted;
  }

  // Binary search: the position of key, or where it would be inserted.
  private indexOf(key: string): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const probe = this.sorted[mid];
      if (probe && compare(this.keyOf(probe), key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Composite keys joined with a separator that sorts before every printable character. */
export function compositeKey(...parts: string[]): string {
  return parts.map((p) => p.toUpperCase()).join('\u0000');
}
