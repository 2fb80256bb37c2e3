import type { Migration } from '../migrations.ts';

// Which process polls Acumatica for this data folder: the service (`connector run`), the desktop
// app, or a `connector sync --once` for the length of its cycle. One row at most. It replaces the
// service.json marker file, whose check-then-write let two services started in the same instant
// both start; a row claimed inside a write transaction cannot be claimed twice
// (main/store/poller-lease-repository.ts).
export const pollerLease: Migration = {
  version: 7,
  name: 'poller lease',
  sql: `
CREATE TABLE poller_lease (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  holder TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('service', 'desktop', 'sync-once')),
  pid INTEGER NOT NULL,
  port INTEGER,
  started_at INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL
);
`,
};
