import type { Migration } from '../migrations.ts';

// A delivery job can now be 'dropped': closed without sending because its destination was removed
// from the destinations setting (see OutboxWorker). SQLite cannot widen a CHECK in place, so the
// table is rebuilt with the same columns, rows, ids and indexes. Its AUTOINCREMENT counter is
// carried over too: a job number an admin has seen (`deliveries retry ID`) is never given to
// another job, even when the highest ones were pruned.
export const outboxDroppedStatus: Migration = {
  version: 6,
  name: "outbox status 'dropped'",
  sql: `
CREATE TABLE outbox_with_dropped (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  entity          TEXT    NOT NULL CHECK (entity IN ('order', 'shipment')),
  record_key      TEXT    NOT NULL,
  idempotency_key TEXT    NOT NULL,
  destination     TEXT    NOT NULL,
  status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'parked', 'dropped')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  UNIQUE (destination, idempotency_key)
);
INSERT INTO outbox_with_dropped (id, entity, record_key, idempotency_key, destination, status, attempts, next_attempt_at, last_error, created_at, updated_at)
SELECT id, entity, record_key, idempotency_key, destination, status, attempts, next_attempt_at, last_error, created_at, updated_at FROM outbox;
DELETE FROM sqlite_sequence WHERE name = 'outbox_with_dropped';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_with_dropped', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_with_dropped RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_record ON outbox (entity, record_key);
`,
};
