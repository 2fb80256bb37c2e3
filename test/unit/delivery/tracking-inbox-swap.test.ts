// The tracking inbox against a file swapped between the folder listing and the read: whoever may
// drop files in the inbox can rename a listed CSV away and put a link or a pipe at its name. The
// listing is the real one; only its moment is made deterministic, by a hook that runs the swap
// right after it.
import { execFileSync } from 'node:child_process';
import { readdirSync, renameSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { inboxFolders, settled } from '../../support/inbox-folders.ts';

const afterListing = vi.hoisted(() => ({ swap: null as null | (() => void) }));
vi.mock('node:fs/promises', async (importOriginal) => (await import('../../support/fs-hooks.ts')).readdirThen(await importOriginal<typeof import('node:fs/promises')>(), afterListing));

const { processInbox } = await import('../../../main/delivery/tracking-inbox.ts');
const inbox = inboxFolders();

describe('processInbox, a listed file swapped before it is read', () => {
  it('does not read through a link put in its place', async () => {
    // A file only the connector's account may read, which the link would have it read and queue.
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

  // Skipped on Windows: named pipes there are not files in a folder (mkfifo is POSIX only).
  it.skipIf(process.platform === 'win32')('does not wait on a named pipe put in its place', async () => {
    settled(join(inbox.dir, 'ups.csv'), 'ShipmentNbr,TrackingNbr\nSH000101,1Z100\n');
    afterListing.swap = () => {
      rmSync(join(inbox.dir, 'ups.csv'));
      execFileSync('mkfifo', [join(inbox.dir, 'ups.csv')]);
      const at = new Date(Date.now() - 60_000);
      utimesSync(join(inbox.dir, 'ups.csv'), at, at);
    };
    const result = await Promise.race([
      processInbox(inbox.dir, inbox.ledger).then(() => 'finished'),
      new Promise<string>((resolve) => setTimeout(() => resolve('hung'), 2_000).unref()),
    ]);
    // Without this, a failure would leave the blocked open holding the test process.
    if (result === 'hung') execFileSync('sh', ['-c', `exec 3<>"${join(inbox.dir, 'ups.csv')}"`]);
    expect(result).toBe('finished');
  });
});
