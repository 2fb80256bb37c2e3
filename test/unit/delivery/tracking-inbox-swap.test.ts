// The tracking inbox against a file swapped between the folder listing and the read: whoever may
// drop files in the inbox can rename a listed CSV away and put a link or a pipe at its name. The
// listing is the real one; only its moment is made deterministic, by a hook that runs the swap
// right after it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openLedger, type Ledger } from '../../../main/store/index.ts';

const afterListing = vi.hoisted(() => ({ swap: null as null | (() => void) }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const readdir = async (...args: Parameters<typeof actual.readdir>) => {
    const entries = await (actual.readdir as (...a: unknown[]) => Promise<unknown>)(...args);
    afterListing.swap?.();
    afterListing.swap = null;
    return entries;
  };
  return { ...actual, readdir, default: { ...actual, readdir } };
});

const { processInbox } = await import('../../../main/delivery/tracking-inbox.ts');

let dir: string;
let outside: string;
let ledger: Ledger;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-inbox-'));
  outside = mkdtempSync(join(tmpdir(), 'ds-inbox-outside-'));
  ledger = openLedger({ path: ':memory:', now: Date.now });
});
afterEach(() => {
  ledger.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

function settled(path: string, content: string): void {
  writeFileSync(path, content);
  const at = new Date(Date.now() - 60_000);
  utimesSync(path, at, at);
}

describe('processInbox, a listed file swapped before it is read', () => {
  it('does not read through a link put in its place', async () => {
    // A file only the connector's account may read, which the link would have it read and queue.
    const secret = join(outside, 'other-inbox.csv');
    settled(secret, 'ShipmentNbr,TrackingNbr\nSH000777,1ZNOTYOURS\n');
    settled(join(dir, 'ups.csv'), 'ShipmentNbr,TrackingNbr\nSH000101,1Z100\n');
    afterListing.swap = () => {
      renameSync(join(dir, 'ups.csv'), join(dir, '.ups.csv.moved'));
      symlinkSync(secret, join(dir, 'ups.csv'));
    };
    await processInbox(dir, ledger);
    expect(ledger.tracking.listQueued(10).map((entry) => entry.trackingNbr)).not.toContain('1ZNOTYOURS');
    expect(readdirSync(outside)).toEqual(['other-inbox.csv']);
  });

  it.skipIf(process.platform === 'win32')('does not wait on a named pipe put in its place', async () => {
    settled(join(dir, 'ups.csv'), 'ShipmentNbr,TrackingNbr\nSH000101,1Z100\n');
    afterListing.swap = () => {
      rmSync(join(dir, 'ups.csv'));
      execFileSync('mkfifo', [join(dir, 'ups.csv')]);
      const at = new Date(Date.now() - 60_000);
      utimesSync(join(dir, 'ups.csv'), at, at);
    };
    const result = await Promise.race([
      processInbox(dir, ledger).then(() => 'finished'),
      new Promise<string>((resolve) => setTimeout(() => resolve('hung'), 2_000).unref()),
    ]);
    // Without this, a failure would leave the blocked open holding the test process.
    if (result === 'hung') execFileSync('sh', ['-c', `exec 3<>"${join(dir, 'ups.csv')}"`]);
    expect(result).toBe('finished');
  });
});
