// Real SQLite failures, each produced on a real file, and what the operator is told about them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ledgerFailure } from '../../../main/store/index.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-ledger-failure-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** What `work` threw. */
function thrown(work: () => void): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the work to throw');
}

describe('ledgerFailure', () => {
  it('a full database: retryable storage, naming the drive and that nothing imported is lost', () => {
    const db = new DatabaseSync(join(dir, 'full.sqlite'));
    db.exec('CREATE TABLE t (x TEXT); PRAGMA max_page_count = 3');
    const error = thrown(() => {
      for (let i = 0; i < 100; i++) db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(4000));
    });
    db.close();
    expect(ledgerFailure(error)).toMatchObject({
      kind: 'storage',
      retryable: true,
      message: expect.stringMatching(/^The connector could not write its ledger \(SQLite: database or disk is full\): the drive holding its data folder is full or failing\. [^]*Nothing already imported is lost/),
    });
  });

  it('a ledger another program keeps locked: retryable storage, naming the lock, not the network', () => {
    const path = join(dir, 'locked.sqlite');
    const holder = new DatabaseSync(path);
    holder.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (x TEXT)');
    holder.exec('BEGIN IMMEDIATE');
    const db = new DatabaseSync(path, { timeout: 10 });
    const error = thrown(() => db.exec('BEGIN IMMEDIATE'));
    holder.exec('ROLLBACK');
    holder.close();
    db.close();
    expect(ledgerFailure(error)).toMatchObject({
      kind: 'storage',
      retryable: true,
      message: expect.stringMatching(/^The connector's ledger \(ledger\.sqlite in its data folder\) stayed locked by another program \(SQLite: database is locked\)[^]*Nothing already imported is lost/),
    });
  });

  it('a read-only ledger: retryable storage, naming permissions', () => {
    const path = join(dir, 'ro.sqlite');
    new DatabaseSync(path).exec('CREATE TABLE t (x TEXT)');
    const db = new DatabaseSync(path, { readOnly: true });
    const error = thrown(() => db.exec("INSERT INTO t VALUES ('x')"));
    db.close();
    expect(ledgerFailure(error)).toMatchObject({ kind: 'storage', retryable: true, message: expect.stringContaining('read-only or no longer reachable') });
  });

  it('a file that is not a database: not retryable, asks for a diagnostics bundle', () => {
    const path = join(dir, 'garbage.sqlite');
    writeFileSync(path, 'this is not a database'.repeat(100));
    const db = new DatabaseSync(path);
    const error = thrown(() => db.exec('SELECT * FROM sqlite_master'));
    db.close();
    expect(ledgerFailure(error)).toMatchObject({ kind: 'storage', retryable: false, message: expect.stringMatching(/ledger file \(ledger\.sqlite in its data folder\) is damaged[^]*diagnostics bundle/) });
  });

  it('leaves every other error to the caller: SQL mistakes, constraint failures, non-SQLite errors', () => {
    const db = new DatabaseSync(':memory:');
    db.exec('CREATE TABLE t (x TEXT PRIMARY KEY)');
    db.exec("INSERT INTO t VALUES ('a')");
    expect(ledgerFailure(thrown(() => db.exec("INSERT INTO t VALUES ('a')")))).toBeNull();
    expect(ledgerFailure(thrown(() => db.exec('SELECT nope FROM t')))).toBeNull();
    db.close();
    expect(ledgerFailure(new Error('database or disk is full'))).toBeNull();
    expect(ledgerFailure('SQLITE_FULL')).toBeNull();
  });
});
