// The tracking inbox where the platform has no O_NOFOLLOW: Node on Windows has none in
// fs.constants, and a symbolic link there (Developer Mode, or an account allowed to make them) is
// followed by open() like any path. Here the constant is taken away, so these run on every
// platform; links are made with the POSIX calls the other inbox tests use.
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openLedger, type Ledger } from '../../../main/store/index.ts';

const afterListing = vi.hoisted(() => ({ swap: null as null | (() => void) }));

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const constants = { ...actual.constants, O_NOFOLLOW: undefined };
  return { ...actual, constants, default: { ...actual, constants } };
});

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

describe('processInbox without O_NOFOLLOW', () => {
  it('never writes through a link left at the clock file\'s name', async () => {
    const victim = join(outside, 'vault.key');
    writeFileSync(victim, 'key material\n');
    symlinkSync(victim, join(dir, '.dropstream-clock'));
    settled(join(dir, 'ups.csv'), 'ShipmentNbr,TrackingNbr\nSH000101,1Z800\n');
    const [report] = await processInbox(dir, ledger);
    expect(report).toMatchObject({ file: 'ups.csv', outcome: 'processed', queued: 1 });
    expect(readFileSync(victim, 'utf8')).toBe('key material\n');
  });

  it('does not read through a link put in place of a listed file', async () => {
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
});
