// The tracking inbox: good, bad and mixed files, BOM, CRLF, duplicates, half-written files.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processInbox } from '../../../main/delivery/tracking-inbox.ts';
import { openLedger, type Ledger } from '../../../main/store/index.ts';

const NOW = Date.parse('2026-11-28T15:00:00.000Z');
let dir: string;
let ledger: Ledger;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-inbox-'));
  ledger = openLedger({ path: ':memory:', now: () => NOW });
});
afterEach(() => {
  ledger.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Drops a file that finished writing a minute ago. Its age is by the folder's clock (the real one
 * here), which the inbox reads; NOW, its own clock, only names the moved files.
 */
function drop(name: string, content: string | Buffer, ageMs = 60_000): void {
  const path = join(dir, name);
  writeFileSync(path, content);
  const at = new Date(Date.now() - ageMs);
  utimesSync(path, at, at);
}

const run = () => processInbox(dir, ledger, { now: () => NOW });
const list = (sub: string) => (existsSync(join(dir, sub)) ? readdirSync(join(dir, sub)).sort() : []);
const STAMP = '20261128T150000Z';

describe('processInbox', () => {
  it('queues a good file and moves it to processed/ with a result report', async () => {
    drop('ups.csv', 'ShipmentNbr,TrackingNbr,Carrier,Weight,BoxID\nSH000101,1Z001,UPS,2.5,LARGE\n,1Z002,UPS,,\n'.replace(',1Z002', 'SH000102,1Z002'));
    const [report] = await run();
    expect(report).toMatchObject({ file: 'ups.csv', outcome: 'processed', queued: 2, duplicates: 0, rejected: 0, movedTo: `processed/${STAMP}_ups.csv` });
    expect(list('')).toEqual(['.dropstream-clock', 'processed']);
    expect(list('processed')).toEqual([`${STAMP}_ups.csv`, `${STAMP}_ups.csv.result.json`]);
    const result = JSON.parse(readFileSync(join(dir, 'processed', `${STAMP}_ups.csv.result.json`), 'utf8')) as { rows: { status: string }[] };
    expect(result.rows.map((r) => r.status)).toEqual(['queued', 'queued']);
    expect(ledger.tracking.listQueued(10).map((e) => [e.trackingNbr, e.carrier, e.weight, e.boxId])).toEqual([
      ['1Z001', 'UPS', 2.5, 'LARGE'],
      ['1Z002', 'UPS', null, null],
    ]);
    const [activity] = ledger.activity.listAfter(0);
    expect(activity).toMatchObject({ level: 'info', kind: 'tracking.inbox-processed' });
  });

  it('reads UTF-8 with a BOM and CRLF line ends, and order targets', async () => {
    drop('fedex.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('OrderType,OrderNbr,TrackingNbr,ShipVia\r\nSO,SO001234,7946 0001,FEDEX\r\n')]));
    const [report] = await run();
    expect(report).toMatchObject({ outcome: 'processed', queued: 1 });
    expect(ledger.tracking.listQueued(1)[0]).toMatchObject({ target: { kind: 'order', orderType: 'SO', orderNbr: 'SO001234' }, trackingNbr: '7946 0001', carrier: 'FEDEX' });
  });

  it('rejects a file with no usable row: to rejected/ with a reason per row', async () => {
    drop('bad.csv', 'ShipmentNbr,TrackingNbr,Weight\nSH1,,1\n,1Z9,\nSH2,1Z8,heavy\n');
    const [report] = await run();
    expect(report).toMatchObject({ outcome: 'rejected', queued: 0, rejected: 3 });
    expect(list('rejected')).toEqual([`${STAMP}_bad.csv`, `${STAMP}_bad.csv.result.json`]);
    const result = JSON.parse(readFileSync(join(dir, 'rejected', `${STAMP}_bad.csv.result.json`), 'utf8')) as { rows: { row: number; reason: string }[] };
    expect(result.rows).toEqual([
      { row: 2, status: 'rejected', reason: 'TrackingNbr is empty' },
      { row: 3, status: 'rejected', reason: 'Give ShipmentNbr, or OrderType and OrderNbr' },
      { row: 4, status: 'rejected', reason: 'Weight "heavy" is not a number of 0 or more' },
    ]);
    expect(ledger.activity.listAfter(0)[0]).toMatchObject({ level: 'error', kind: 'tracking.inbox-rejected' });
  });

  it('rejects an unreadable file as a whole, naming the problem', async () => {
    drop('nohdr.csv', 'ShipmentNbr;TrackingNbr\nSH000101;1Z001\n');
    drop('empty.csv', 'ShipmentNbr,TrackingNbr\n');
    drop('quote.csv', 'ShipmentNbr,TrackingNbr\nSH000101,"1Z001\n');
    const reports = await run();
    expect(reports.map((r) => [r.file, r.outcome, r.reason])).toEqual([
      ['empty.csv', 'rejected', 'The file has no rows below its header.'],
      ['nohdr.csv', 'rejected', expect.stringContaining('no TrackingNbr column')],
      ['quote.csv', 'rejected', expect.stringContaining('Quote Not Closed')],
    ]);
    expect(ledger.tracking.countByStatus().queued).toBe(0);
  });

  it('a mixed file: good rows queued, the file to processed/, its bad rows to rejected/ with a Reason column', async () => {
    drop('mixed.csv', 'ShipmentNbr,TrackingNbr,Notes\nSH000101,1Z100,"fragile, top"\nSH000102,,"no number"\nSH000103,1Z101,\n');
    const [report] = await run();
    expect(report).toMatchObject({ outcome: 'processed', queued: 2, rejected: 1 });
    expect(list('rejected')).toEqual([`${STAMP}_mixed.rejected-rows.csv`]);
    const text = readFileSync(join(dir, 'rejected', `${STAMP}_mixed.rejected-rows.csv`), 'utf8');
    expect(text).toBe('\uFEFFShipmentNbr,TrackingNbr,Notes,Reason\r\nSH000102,,no number,Row 3: TrackingNbr is empty\r\n');
    expect(ledger.activity.listAfter(0)[0]).toMatchObject({ level: 'warn' });
  });

  it('a bad row fixed in its rejected-rows file and dropped back is read with the values it had, without the apostrophe that kept them text', async () => {
    // Carrier and Box ID start as a spreadsheet formula would, so the rejected copy writes them behind an apostrophe.
    drop('mixed.csv', 'ShipmentNbr,TrackingNbr,Carrier,Weight,BoxID\nSH000101,1Z100,UPS,1,\nSH000102,1Z102,@Home Delivery,heavy,-LARGE\n');
    await run();
    const rejected = readFileSync(join(dir, 'rejected', `${STAMP}_mixed.rejected-rows.csv`), 'utf8');
    expect(rejected).toContain("SH000102,1Z102,'@Home Delivery,heavy,'-LARGE,");

    // The operator corrects the weight and drops the file back into the inbox.
    drop('mixed-fixed.csv', rejected.replace(',heavy,', ',2.5,'));
    const [report] = await run();
    expect(report).toMatchObject({ file: 'mixed-fixed.csv', outcome: 'processed', queued: 1, rejected: 0 });
    expect(ledger.tracking.listQueued(10).map((e) => [e.trackingNbr, e.carrier, e.weight, e.boxId])).toEqual([
      ['1Z100', 'UPS', 1, null],
      ['1Z102', '@Home Delivery', 2.5, '-LARGE'],
    ]);
  });

  it('copies the right bad rows out when blank and whitespace-only lines come first', async () => {
    drop('gaps.csv', 'ShipmentNbr,TrackingNbr\n   \nSH000201,\n\t\nSH000202,1Z202\nSH000203,1Z203\nSH000204,,\n');
    const [report] = await run();
    expect(report).toMatchObject({ outcome: 'processed', queued: 2, rejected: 2 });
    const text = readFileSync(join(dir, 'rejected', `${STAMP}_gaps.rejected-rows.csv`), 'utf8');
    expect(text).toMatch(/^\uFEFFShipmentNbr,TrackingNbr,Reason\r\nSH000201,,Row 2: TrackingNbr is empty\r\nSH000204,,,Row 5: TrackingNbr is empty\r\n$/);
  });

  it('duplicates within a file and across files are queued once and reported as already known', async () => {
    drop('a.csv', 'ShipmentNbr,TrackingNbr\nSH000101,1Z200\nSH000101, 1Z200 \n');
    drop('b.csv', 'ShipmentNbr,TrackingNbr\nSH000101,1Z200\nSH000101,1Z201\n');
    const reports = await run();
    expect(reports.map((r) => [r.file, r.queued, r.duplicates])).toEqual([['a.csv', 1, 1], ['b.csv', 1, 1]]);
    expect(ledger.tracking.countByStatus().queued).toBe(2);
  });

  it('leaves a file that is still being written, and hidden or non-CSV files, alone', async () => {
    drop('late.csv', 'ShipmentNbr,TrackingNbr\nSH000101,1Z3', 500);
    drop('.partial.csv', 'ShipmentNbr,TrackingNbr\nSH000101,1Z4\n');
    drop('notes.txt', 'hello');
    const reports = await run();
    expect(reports).toEqual([{ file: 'late.csv', outcome: 'skipped', reason: 'still being written', queued: 0, duplicates: 0, rejected: 0 }]);
    expect(list('').sort()).toEqual(['.dropstream-clock', '.partial.csv', 'late.csv', 'notes.txt']);
    expect(ledger.tracking.countByStatus().queued).toBe(0);
  });

  it('judges "still being written" by the folder\'s clock, not ours: a share whose clock is behind', async () => {
    // Our clock is 10 minutes ahead of the machine holding the folder: by ours, a file written
    // a second ago looks long finished, and half of it would be read.
    drop('writing.csv', 'ShipmentNbr,TrackingNbr\nSH000101,1Z9', 1_000);
    const ahead = () => Date.now() + 10 * 60_000;
    const [report] = await processInbox(dir, ledger, { now: ahead });
    expect(report).toMatchObject({ file: 'writing.csv', outcome: 'skipped', reason: 'still being written' });
    expect(ledger.tracking.countByStatus().queued).toBe(0);
    // Finished by the folder's clock, it is read whole, wherever our clock stands.
    drop('writing.csv', 'ShipmentNbr,TrackingNbr\nSH000101,1Z999AA10123456784\n', 5_000);
    const [later] = await processInbox(dir, ledger, { now: ahead });
    expect(later).toMatchObject({ outcome: 'processed', queued: 1 });
    expect(ledger.tracking.listQueued(1)[0]?.trackingNbr).toBe('1Z999AA10123456784');
  });

  it('reads an inbox it cannot write its clock file into by its own clock, as before the clock file', async () => {
    // Stands for a probe that cannot be written: a read-only share, or a file another account left.
    mkdirSync(join(dir, '.dropstream-clock'));
    drop('ups.csv', 'ShipmentNbr,TrackingNbr\nSH000101,1Z700\n');
    drop('late.csv', 'ShipmentNbr,TrackingNbr\nSH000101,1Z7', 0);
    const reports = await processInbox(dir, ledger, { now: Date.now });
    expect(reports.map((r) => [r.file, r.outcome])).toEqual([['late.csv', 'skipped'], ['ups.csv', 'processed']]);
    expect(ledger.tracking.listQueued(10).map((e) => e.trackingNbr)).toEqual(['1Z700']);
  });

  it('never writes through a link left at the clock file\'s name: the file it points to stays as it was', async () => {
    // Anyone who may drop files in the inbox could aim the probe at the vault key, or any file
    // this account may write, and have it overwritten at every pass.
    const outside = mkdtempSync(join(tmpdir(), 'ds-inbox-outside-'));
    const victim = join(outside, 'vault.key');
    writeFileSync(victim, 'key material\n');
    try {
      symlinkSync(victim, join(dir, '.dropstream-clock'));
      drop('ups.csv', 'ShipmentNbr,TrackingNbr\nSH000101,1Z800\n');
      const [report] = await processInbox(dir, ledger, { now: Date.now });
      expect(report).toMatchObject({ file: 'ups.csv', outcome: 'processed', queued: 1 });
      expect(readFileSync(victim, 'utf8')).toBe('key material\n');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  // Skipped on Windows: named pipes there are not files in a folder (mkfifo is POSIX only).
  it.skipIf(process.platform === 'win32')('does not wait on a named pipe left at the clock file\'s name', async () => {
    // Opening a pipe to write waits for a reader: the pass, and the sync cycle with it, hung for good.
    execFileSync('mkfifo', [join(dir, '.dropstream-clock')]);
    drop('ups.csv', 'ShipmentNbr,TrackingNbr\nSH000101,1Z801\n');
    const reports = await Promise.race([
      processInbox(dir, ledger, { now: Date.now }),
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 2_000).unref()),
    ]);
    // Without this, a failure would leave the blocked open holding the test process.
    if (reports === 'hung') openSync(join(dir, '.dropstream-clock'), 'r');
    expect(reports).toEqual([expect.objectContaining({ file: 'ups.csv', outcome: 'processed', queued: 1 })]);
  });

  it.each(['processed', 'rejected'])('writes nothing outside the inbox when %s/ is a link to another folder', async (sub) => {
    const outside = mkdtempSync(join(tmpdir(), 'ds-inbox-outside-'));
    try {
      symlinkSync(outside, join(dir, sub), 'dir');
      // A mixed file: its good row goes to processed/, its bad row to rejected/.
      drop('mixed.csv', 'ShipmentNbr,TrackingNbr\nSH000101,1Z900\nSH000102,\n');
      await expect(run()).rejects.toThrow(`${join(dir, sub)} is not a folder of its own`);
      expect(readdirSync(outside)).toEqual([]);
      expect(list('')).toContain('mixed.csv');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('writes nothing into an inbox with no CSV file in it', async () => {
    drop('notes.txt', 'hello');
    expect(await run()).toEqual([]);
    expect(list('')).toEqual(['notes.txt']);
  });

  it('a file that cannot be moved stays in the inbox with no report left behind for it, pass after pass', async () => {
    drop('held.csv', 'ShipmentNbr,TrackingNbr\nSH000101,1Z600\n');
    const stamps = [STAMP, '20261128T150100Z'];
    for (const [pass, stamp] of stamps.entries()) {
      // A folder the move cannot replace stands where the file would go (on Windows: the writer still has it open).
      mkdirSync(join(dir, 'processed', `${stamp}_held.csv`, 'x'), { recursive: true });
      const [report] = await processInbox(dir, ledger, { now: () => NOW + pass * 60_000 });
      expect(report).toMatchObject({ file: 'held.csv', outcome: 'skipped', reason: expect.stringContaining('could not be moved') });
    }
    expect(list('processed')).toEqual(stamps.map((stamp) => `${stamp}_held.csv`));
    expect(list('')).toEqual(['.dropstream-clock', 'held.csv', 'processed']);
    expect(ledger.tracking.countByStatus().queued).toBe(1);
  });

  it('re-reading a file after a crash before the move queues nothing twice', async () => {
    const content = 'ShipmentNbr,TrackingNbr\nSH000101,1Z500\n';
    drop('again.csv', content);
    await run();
    drop('again.csv', content); // as if the move had not happened
    const [report] = await processInbox(dir, ledger, { now: () => NOW + 1000 });
    expect(report).toMatchObject({ queued: 0, duplicates: 1, outcome: 'processed' });
    expect(list('processed')).toHaveLength(4); // both copies kept, under distinct stamps
  });
});
