import type { Migration } from '../migrations.ts';

// Acumatica's clock as the sync last read it: its Date header (as epoch ms) and this computer's
// clock when that answer came. The daily retention counts its days from this computer's clock, and
// a clock set years ahead (a wrong year typed, a reset clock) would delete every finished record at
// once; with this reading it can tell (main/store/retention-clock.ts). One row, overwritten by each
// pass: only the latest reading matters. Not a sync position, so not in cursors (which `status` lists).
export const serverClock: Migration = {
  version: 11,
  name: 'server clock reading',
  sql: `
CREATE TABLE server_clock (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  server_at INTEGER NOT NULL,
  local_at  INTEGER NOT NULL
);
`,
};
