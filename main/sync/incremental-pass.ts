// One incremental pass over one partition of an entity: every record changed since the cursor,
// paged BY KEY (`Key gt 'last seen'`), because records can leave a filtered result set while we
// page, which would shift every later $skip page and silently lose records.
//
// Cursor rule: the next `since` is the server's time when the pass began minus an overlap, never
// the newest timestamp seen. Lists come in key order, so a record modified mid-pass can land behind
// the current page; it will have a timestamp after the pass began and is picked up next time.
// Re-reading the overlap costs nothing: the ledger skips versions it already holds.
import { AcumaticaError } from '../acumatica/errors.ts';
import { and, dateTimeOffset, eq, gt, or, type Filter } from '../acumatica/odata-filter.ts';
import type { RawPage } from '../acumatica/rest-client.ts';
import { parseCursorState, type CursorState } from './cursor-state.ts';
import { decodePage, KEY_FIELDS, peekPage, scanPage, type ListEntity, type ListedRecords, type PagePeek, type RejectedRecord, type ScannedPage } from './page-decode.ts';

/** Re-read this much before the pass start: clock skew between app and DB servers, 1 s Date headers. */
export const CURSOR_OVERLAP_MS = 2 * 60_000;
/** Without a Date header we fall back to our own clock, which may differ more. */
export const NO_DATE_HEADER_OVERLAP_MS = 15 * 60_000;

export interface PassSource {
  listText(entity: string, query: { filter: Filter; top: number; expand?: readonly string[] }): Promise<RawPage>;
}

export interface PassCursorStore {
  get(name: string): string | undefined;
  /** Stores a page and moves the cursor in ONE transaction. */
  commit(name: string, cursor: string, storePage: () => void): void;
}

export interface PassSpec<E extends ListEntity> {
  /** Cursor name, e.g. "SalesOrder:SO". */
  name: string;
  /** The entity listed; page-decode.ts knows its key fields (KEY_FIELDS) and how its records map. */
  entity: E;
  lastModifiedField: string;
  /** Fixed filters for this partition, e.g. OrderType eq 'SO'. */
  scope: Filter[];
  expand: readonly string[];
  pageSize: number;
  /** Write one page to the ledger (called inside the cursor's transaction). */
  store(items: ListedRecords[E][]): void;
  /** A record that failed its schema: reported, skipped, and the pass goes on. */
  reject(record: RejectedRecord): void;
}

export interface PassResult {
  pages: number;
  records: number;
  rejected: number;
  requests: number;
}

/** A page off the wire whose record count and last key are known, its records not yet parsed. */
interface FetchedPage<E extends ListEntity> {
  /** The key the page was asked for after (null: the pass's first page). */
  afterKey: string[] | null;
  serverDate: string | null;
  /** This computer's clock when the answer came, to compare the `Date` header with. */
  receivedLocally: number;
  requests: number;
  scanned: ScannedPage<E>;
  peek: PagePeek;
}

/** A `Date` header ahead of this computer's clock by more than the overlap, which the cursor did not follow. */
export interface ServerClockAhead {
  entity: ListEntity;
  /** The `Date` header, as ISO 8601 UTC. */
  serverDate: string;
  aheadMs: number;
}

export interface PassOptions {
  initialSince: string;
  now: () => number;
  signal?: { stopped: boolean };
  /** Told when the pass's next cursor follows this computer's clock instead of the server's. */
  serverClockAhead?: (ahead: ServerClockAhead) => void;
  /** Told when the answer had no `Date` header we could read, so the cursor follows this computer's clock. */
  noServerDate?: (entity: ListEntity) => void;
  /** Told, once a pass, the `Date` header and this computer's clock when it came (the daily retention checks one with the other). */
  serverDateSeen?: (reading: { serverAt: number; localAt: number }) => void;
}

export async function runIncrementalPass<E extends ListEntity>(
  spec: PassSpec<E>,
  source: PassSource,
  cursors: PassCursorStore,
  options: PassOptions,
): Promise<PassResult> {
  const stored = cursors.get(spec.name);
  let state: CursorState = stored ? parseCursorState(spec.name, stored) : { since: options.initialSince, pass: null };
  const result: PassResult = { pages: 0, records: 0, rejected: 0, requests: 0 };
  const startedLocally = options.now();

  const fetchAfter = async (afterKey: string[] | null): Promise<FetchedPage<E>> => {
    const { body, serverDate, requests } = await source.listText(spec.entity, {
      filter: and(...spec.scope, gt(spec.lastModifiedField, dateTimeOffset(state.since)), ...(afterKey === null ? [] : [keyAfter(KEY_FIELDS[spec.entity], afterKey)])),
      top: spec.pageSize,
      expand: spec.expand,
    });
    const receivedLocally = options.now();
    const scanned = scanPage(spec.entity, body);
    return { afterKey, serverDate, receivedLocally, requests, scanned, peek: peekPage(scanned) };
  };

  let pending = fetchAfter(state.pass?.afterKey ?? null);
  // The keys of the page before (or the stored position's): in key order, none can come again.
  let earlierKeys = new Set(state.pass?.afterKey ? [keyText(state.pass.afterKey)] : []);
  for (;;) {
    const { afterKey, serverDate, receivedLocally, requests, scanned, peek } = await pending;
    result.pages += 1;
    result.requests += requests;
    if (state.pass === null) {
      const base = cursorBase(serverDate, startedLocally, receivedLocally);
      if (base.aheadMs !== null) options.serverClockAhead?.({ entity: spec.entity, serverDate: serverDate!, aheadMs: base.aheadMs });
      if (serverDate === null) options.noServerDate?.(spec.entity);
      else options.serverDateSeen?.({ serverAt: Date.parse(serverDate), localAt: receivedLocally });
      state = { ...state, pass: { nextSince: new Date(base.ms).toISOString(), afterKey: null } };
    }

    // The next page's request goes out on the peeked key, before this page's records are parsed
    // and stored: the network wait overlaps the parsing and the SQLite write.
    const done = peek.count < spec.pageSize;
    if (!done && peek.lastKey === null) {
      // Nothing to page on: ending the pass here would skip the rest of the window, and asking
      // again from the same key would return this page forever. The cursor stays; the cycle fails.
      throw new AcumaticaError({ kind: 'bad-response', message: `Acumatica sent a full page of ${spec.entity} records without their keys (${KEY_FIELDS[spec.entity].join(', ')}); cannot page on.` });
    }
    if (!done && afterKey !== null && sameKey(peek.lastKey!, afterKey)) {
      // Asked for records after a key, Acumatica answered with a full page ending on that very key:
      // it did not apply the key filter, and asking again would bring this page back forever (a
      // cycle that never ends, spending the licence's requests). The cursor stays; the cycle fails.
      throw new AcumaticaError({
        kind: 'bad-response',
        message: `Acumatica sent the same page of ${spec.entity} records again when asked for those after ${afterKey.join(' ')}; cannot page on.`,
      });
    }
    if (!done) {
      pending = fetchAfter(peek.lastKey);
      // Handled from here on: a failure that lands while this page is stored is still thrown by
      // the next `await pending`, but Node no longer ends the process over an unhandled rejection.
      pending.catch(() => undefined);
      await untilRequestSent();
    }

    const page = decodePage(scanned);
    earlierKeys = checkKeysNew(spec.entity, page.keys, earlierKeys);
    for (const rejected of page.rejected) spec.reject(rejected);
    result.rejected += page.rejected.length;

    const pass = state.pass!;
    const next: CursorState = done ? { since: pass.nextSince, pass: null } : { since: state.since, pass: { ...pass, afterKey: peek.lastKey } };
    cursors.commit(spec.name, JSON.stringify(next), () => spec.store(page.items));
    state = next;
    result.records += page.items.length;
    if (done) return result;
    // A request may still be in flight (its failure is already handled); the stored position
    // resumes next start.
    if (options.signal?.stopped) return result;
  }
}

/**
 * Lets a request just started reach the socket before the caller blocks the thread. Without it
 * the "prefetch" only queued promise steps (a token, a budget slot) that ran after the page was
 * parsed and stored, so the server idled meanwhile: 20,000 orders took 4.2 s on 2.9 s of CPU.
 * Two check-phase turns: the first lets those steps reach undici, which then waits one more
 * setImmediate before writing to a reused keep-alive socket (it first looks for a FIN or stray
 * bytes on it), and the second runs after that write.
 */
function untilRequestSent(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/**
 * Records after `key` in key order: (k1 gt v1) or (k1 eq v1 and k2 gt v2) or ...
 * One pass can then cover several order types at once and still page on a single position.
 */
export function keyAfter(keyFields: readonly string[], key: readonly string[]): Filter {
  const alternatives = keyFields.map((field, i) => and(...keyFields.slice(0, i).map((prefix, j) => eq(prefix, key[j]!)), gt(field, key[i]!)));
  return or(...alternatives);
}

/**
 * Fails on a key that came before in this pass: in the page before, or earlier in this page.
 * Pages in key order never repeat one, so a repeat means the server did not sort or did not apply
 * the key filter; paging on the last key could then skip records, or go round the same records
 * for ever (spending the licence's requests). Only equality is compared, never order, so
 * Acumatica's collation cannot make a correct page look wrong. Returns this page's keys.
 */
function checkKeysNew(entity: ListEntity, keys: readonly string[][], earlier: ReadonlySet<string>): Set<string> {
  const seen = new Set<string>();
  for (const key of keys) {
    const text = keyText(key);
    if (earlier.has(text) || seen.has(text)) {
      throw new AcumaticaError({
        kind: 'bad-response',
        message: `Acumatica sent ${entity} ${key.join(' ')} twice while the connector paged through the changes: its pages are not in key order, so paging on could skip records or never end. Nothing from that page was stored; the next cycle starts again from the same place.`,
      });
    }
    seen.add(text);
  }
  return seen;
}

function keyText(key: readonly string[]): string {
  return key.join('\u0000');
}

function sameKey(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/**
 * Where the next pass starts (epoch ms): the server's clock when this one began, less the overlap.
 * A `Date` header ahead of this computer's clock by more than the overlap is not followed (the
 * clock of a proxy in front of Acumatica, or a server clock set wrong): records are stamped by
 * Acumatica's own clock, so a cursor set by a clock ahead of it lies past changes not yet made, and
 * every change until that clock's time is skipped for good. This computer's clock is taken then;
 * if it is the one that is behind, changes are only read again. `aheadMs` says by how much.
 * The header is compared with this computer's clock when the answer came, not when the pass began:
 * an answer that took minutes (a retry after a timeout, a throttled licence, a heavy first page)
 * carries a Date that many minutes after the start, from clocks that agree.
 */
function cursorBase(serverDate: string | null, startedLocally: number, receivedLocally: number): { ms: number; aheadMs: number | null } {
  if (serverDate === null) return { ms: startedLocally - NO_DATE_HEADER_OVERLAP_MS, aheadMs: null };
  const serverMs = Date.parse(serverDate);
  const aheadMs = serverMs - receivedLocally;
  if (aheadMs > CURSOR_OVERLAP_MS) return { ms: startedLocally - CURSOR_OVERLAP_MS, aheadMs };
  return { ms: serverMs - CURSOR_OVERLAP_MS, aheadMs: null };
}

/** A partition filter for one value of a field (e.g. one order type). */
export function partition(field: string, value: string): Filter[] {
  return [eq(field, value)];
}

