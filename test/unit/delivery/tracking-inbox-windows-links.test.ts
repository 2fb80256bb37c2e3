// The tracking inbox where the platform has no O_NOFOLLOW: Node on Windows has none in
// fs.constants, and a symbolic link there (Developer Mode, or an account allowed to make them) is
// followed by open() like any path. Here the constant is taken away, so these run on every
// platform; links are made with the POSIX calls the other inbox tests use.
import { readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { inboxFolders, settled } from '../../support/inbox-folders.ts';

const afterListing = vi.hoisted(() => ({ swap: null as null | (() => void) }));
vi.mock('node:fs', async (importOriginal) => (await import('../../support/fs-hooks.ts')).withoutNoFollow(await importOriginal<typeof import('node:fs')>()));
vi.mock('node:fs/promises', async (importOriginal) => (await import('../../support/fs-hooks.ts')).readdirThen(await importOriginal<typeof import('node:fs/promises')>(), afterListing));

const { processInbox } = await import('../../../main/delivery/tracking-inbox.ts');
const inbox = inboxFolders();

describe('processInbox without O_NOFOLLOW', () => {
  it('never writes through a link left at the clock file\'s name', async () => {
    const victim = join(inbox.outside, 'vault.key');
    writeFileSync(victim, 'key material\n');
    symlinkSync(victim, join(inbox.dir, '.dropstream-clock'));
    settled(join(inbox.dir, 'ups.csv'), 'ShipmentNbr,TrackingNbr\nSH000101,1Z800\n');
    const [report] = await processInbox(inbox.dir, inbox.ledger);
    expect(report).toMatchObject({ file: 'ups.csv', outcome: 'processed', queued: 1 });
    expect(readFileSync(victim, 'utf8')).toBe('key material\n');
  });

  it('does not read through a link put in place of a listed file', async () => {
    const secret = join(inbox.outside, 'other-inbox.csv');
    settled(secret, 'ShipmentNbr,TrackingNbr\nSH000777,1ZNOTYOURS\n');
    settled(join(inbox.dir, 'ups.csv'), 'ShipmentNbr,TrackingNbr\nSH000101,1Z100\n');
    afterListing.swap = () => {
      renameSync(join(inbox.dir, 'ups.csv'), join(inbox.dir, '.ups.csv.moved'));
      symlinkSync(secret, join(inbox.dir, 'ups.csv'));
    };
    await processInbox(inbox.dir, inbox.ledger);
    expect(inbox.ledger.tracking.listQueued(10).map((entry) => entry.trackingNbr)).not.toContain('1ZNOTYOURS');
    expect(readdirSync(inbox.outside)).toEqual(['other-inbox.csv']);
  });
});
