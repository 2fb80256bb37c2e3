// The copy Setup keeps before a move to another company starts the ledger over: the whole ledger,
// customer names and addresses included, so it is as private as the ledger itself.
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../../main/store/ledger.ts';
import { fakeClock, makeOrder, tempLedger } from './fixtures.ts';

let ledger: Ledger;
let dir: string;
let cleanup: () => void;
let umaskBefore: number;

beforeEach(() => {
  // The usual umask, whatever the machine running the tests has.
  umaskBefore = process.umask(0o022);
  ({ ledger, dir, cleanup } = tempLedger(fakeClock().now));
  // A data folder an administrator made for the service (mode 755): it does not hide what is in it.
  chmodSync(dir, 0o755);
});
afterEach(() => {
  cleanup();
  process.umask(umaskBefore);
});

describe('Ledger.copyTo', () => {
  it('writes a complete copy readable by this user only, like the ledger', () => {
    ledger.orders.upsertOrders([makeOrder({ orderNbr: 'SO000001' }), makeOrder({ orderNbr: 'SO000002' })]);
    const copy = join(dir, 'ledger-before-company-change.sqlite');
    ledger.copyTo(copy);
    if (process.platform !== 'win32') expect(statSync(copy).mode & 0o777).toBe(0o600);
    const kept = new DatabaseSync(copy, { readOnly: true });
    try {
      expect(kept.prepare('SELECT count(*) AS n FROM orders').get()?.['n']).toBe(2);
    } finally {
      kept.close();
    }
  });

  it('refuses a path that exists and leaves that file as it was', () => {
    const copy = join(dir, 'taken.sqlite');
    writeFileSync(copy, 'not a ledger');
    expect(() => ledger.copyTo(copy)).toThrow();
    expect(readFileSync(copy, 'utf8')).toBe('not a ledger');
  });

  it('leaves no empty file behind when the copy fails, so the same name can be tried again', () => {
    const copy = join(dir, 'ledger-copy.sqlite');
    // SQLite refuses VACUUM inside a transaction.
    expect(() => ledger.transaction(() => ledger.copyTo(copy))).toThrow(/transaction/);
    expect(existsSync(copy)).toBe(false);
    ledger.copyTo(copy);
    expect(statSync(copy).size).toBeGreaterThan(0);
  });
});
