// A ledger that cannot be written, met by any method of the contract (not only a sync cycle): the
// operator is told what to do about the drive, not SQLite's bare message.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector } from '../../../main/engine/connector.ts';
import { dispatch, OperatorError } from '../../../main/engine/dispatch.ts';
import { createHandlers } from '../../../main/engine/handlers.ts';

let dir: string;
let full: DatabaseSync;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-ledger-handlers-'));
  // A real SQLite file that is out of room: three pages, as a drive with no space left behaves.
  full = new DatabaseSync(join(dir, 'full.sqlite'));
  full.exec('CREATE TABLE t (x TEXT); PRAGMA max_page_count = 3');
});
afterEach(() => {
  full.close();
  rmSync(dir, { recursive: true, force: true });
});

const app = { name: 'DropStream Connector', version: 'test', mode: 'headless' as const };
const fillTheDisk = () => {
  for (let i = 0; i < 100; i++) full.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(4000));
};
/** A connector whose settings call meets `failure`; the handlers use nothing else of it here. */
const connectorFailingWith = (failure: () => never | void) => ({ settings: { all: failure } }) as unknown as Connector;

describe('handlers meeting a ledger failure', () => {
  it('answer with what to do about the drive, as a failed call', async () => {
    const envelope = await dispatch(createHandlers(connectorFailingWith(fillTheDisk), app), 'getSettings', undefined);
    expect(envelope).toEqual({
      ok: false,
      error: { code: 'failed', message: expect.stringMatching(/^The connector could not write its ledger \(SQLite: database or disk is full\): the drive holding its data folder is full or failing\. .*Nothing already imported is lost.* This request was not carried out; try it again once the ledger can be written\.$/) },
    });
  });

  it('pass any other failure on as it was', async () => {
    const bug = () => {
      throw new Error('something else broke');
    };
    await expect(dispatch(createHandlers(connectorFailingWith(bug), app), 'getSettings', undefined)).resolves.toEqual({ ok: false, error: { code: 'failed', message: 'something else broke' } });
    const refusal = () => {
      throw new OperatorError('not-configured', 'Set up the connection first.', 'instanceUrl');
    };
    await expect(dispatch(createHandlers(connectorFailingWith(refusal), app), 'getSettings', undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'not-configured', message: 'Set up the connection first.', field: 'instanceUrl' },
    });
  });
});
