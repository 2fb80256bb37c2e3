// The tracking inbox's archive retention, on a real folder: processed/ and rejected/ lose what is
// older than the retention period, by the later of a file's time and the stamp in its name, and
// nothing outside those two folders is ever touched.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveStamp, handledAt, pruneInboxArchive } from '../../../main/delivery/inbox-archive.ts';
import { processInbox } from '../../../main/delivery/tracking-inbox.ts';
import { openLedger } from '../../../main/store/index.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-11-28T15:00:00.000Z');
const OLD = NOW - 100 * DAY_MS;
let inbox: string;

beforeEach(() => {
  inbox = mkdtempSync(join(tmpdir(), 'ds-inbox-archive-'));
});
afterEach(() => rmSync(inbox, { recursive: true, force: true }));

/** A file last modified at `mtime` (by the folder's clock, which is the real one here). */
function file(relative: string, mtime: number): string {
  const path = join(inbox, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, 'ShipmentNbr,TrackingNbr\nSH1,1Z1\n');
  utimesSync(path, new Date(mtime), new Date(mtime));
  return relative;
}

const prune = () => pruneInboxArchive(inbox, { olderThanDays: 90, now: () => NOW });

describe('pruneInboxArchive', () => {
  it('removes the files in processed/ and rejected/ older than the retention period, and keeps the rest', async () => {
    const oldStamp = archiveStamp(OLD);
    const gone = [
      file(`processed/${oldStamp}_ups.csv`, OLD),
      file(`processed/${oldStamp}_ups.csv.result.json`, OLD),
      file(`rejected/${oldStamp}_bad.csv`, OLD),
      file(`rejected/${oldStamp}_mixed.rejected-rows.csv`, OLD),
      file('processed/left-by-the-admin.txt', OLD), // no stamp: aged by its time alone
      file(`processed/.${oldStamp}_ups.csv.result.json.0123456789ab.tmp`, OLD), // a crash mid-write
    ];
    const kept = [
      file(`processed/${archiveStamp(NOW - DAY_MS)}_fedex.csv`, NOW - DAY_MS),
      // Written 100 days ago, but handled only last week (the inbox was unreadable until then).
      file(`processed/${archiveStamp(NOW - 7 * DAY_MS)}_late.csv`, OLD),
      file(`rejected/${archiveStamp(NOW - 89 * DAY_MS)}_bad.csv`, NOW - 89 * DAY_MS),
    ];
    const neverTouched = [
      file('waiting.csv', OLD), // in the inbox itself, not yet read
      file('.dropstream-clock', OLD),
      file(`processed/2025/${oldStamp}_ups.csv`, OLD), // a folder inside processed/
      file(`archive/${oldStamp}_ups.csv`, OLD), // the admin's own folder
    ];

    expect(await prune()).toEqual({ processed: 4, rejected: 2 });
    for (const path of gone) expect(existsSync(join(inbox, path)), path).toBe(false);
    for (const path of [...kept, ...neverTouched]) expect(existsSync(join(inbox, path)), path).toBe(true);
    expect(await prune()).toEqual({ processed: 0, rejected: 0 });
  });

  // Windows makes links only with a privilege the test runner may not have.
  it.skipIf(process.platform === 'win32')('leaves links alone, and what they point to: a file in processed/, or rejected/ itself', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'ds-not-the-inbox-'));
    try {
      const theirs = join(outside, `${archiveStamp(OLD)}_theirs.csv`);
      writeFileSync(theirs, 'not the inbox\n');
      utimesSync(theirs, new Date(OLD), new Date(OLD));
      const waiting = file('waiting.csv', OLD);
      mkdirSync(join(inbox, 'processed'));
      symlinkSync(join(inbox, waiting), join(inbox, 'processed', `${archiveStamp(OLD)}_link.csv`));
      symlinkSync(outside, join(inbox, 'rejected'));

      expect(await prune()).toEqual({ processed: 0, rejected: 0 });
      expect(readdirSync(join(inbox, 'processed'))).toEqual([`${archiveStamp(OLD)}_link.csv`]);
      expect(existsSync(join(inbox, waiting))).toBe(true);
      expect(existsSync(theirs)).toBe(true);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('an inbox that never handled a file has nothing to prune', async () => {
    expect(await prune()).toEqual({ processed: 0, rejected: 0 });
  });

  it('reads the stamp processInbox names its files with', async () => {
    const ledger = openLedger({ path: ':memory:', now: () => NOW });
    try {
      file('ups.csv', Date.now() - 60_000);
      const [report] = await processInbox(inbox, ledger, { now: () => NOW });
      expect(handledAt(report!.movedTo!.replace('processed/', ''))).toBe(Date.parse('2026-11-28T15:00:00Z'));
      expect(handledAt('ups.csv')).toBeNull();
      expect(handledAt('20261399T250000Z_ups.csv')).toBeNull();
    } finally {
      ledger.close();
    }
  });
});
