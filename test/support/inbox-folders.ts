// An inbox folder, a folder outside it (what a link there would reach) and an in-memory ledger,
// fresh for each test, for the tracking inbox's link and swap tests.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openLedger, type Ledger } from '../../main/store/index.ts';

export interface InboxFolders {
  dir: string;
  outside: string;
  ledger: Ledger;
}

export function inboxFolders(): InboxFolders {
  const folders = {} as InboxFolders;
  beforeEach(() => {
    folders.dir = mkdtempSync(join(tmpdir(), 'ds-inbox-'));
    folders.outside = mkdtempSync(join(tmpdir(), 'ds-inbox-outside-'));
    folders.ledger = openLedger({ path: ':memory:', now: Date.now });
  });
  afterEach(() => {
    folders.ledger.close();
    rmSync(folders.dir, { recursive: true, force: true });
    rmSync(folders.outside, { recursive: true, force: true });
  });
  return folders;
}

/** A file written a minute ago: past the inbox's "still being written" wait. */
export function settled(path: string, content: string): void {
  writeFileSync(path, content);
  const at = new Date(Date.now() - 60_000);
  utimesSync(path, at, at);
}
