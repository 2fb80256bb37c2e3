import type { Migration } from '../migrations.ts';

// A tracking number can now be 'dismissed': one Acumatica will never take (a mistyped shipment
// number, a number the operator entered by hand) is closed by the operator instead of staying
// failed, red on the Deliveries tab, for good. SQLite cannot widen a CHECK in place, so the table
// is rebuilt with the same columns, rows, ids and index, and its AUTOINCREMENT counter carried over:
// a number an admin has seen (`tracking retry ID`) is never given to another row.
export const trackingDismissedStatus: Migration = {
  version: 10,
  name: "tracking status 'dismissed'",
  sql: `
CREATE TABLE tracking_queue_with_dismissed (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  shipment_nbr TEXT,
  order_type   TEXT,
  order_nbr    TEXT,
  target_key   TEXT    GENERATED ALWAYS AS (
                 CASE WHEN shipment_nbr IS NOT NULL THEN 'shipment:' || shipment_nbr
                      ELSE 'order:' || order_type || '/' || order_nbr END) STORED,
  tracking_nbr TEXT    NOT NULL CHECK (length(tracking_nbr) > 0),
  carrier      TEXT,
  weight       REAL,
  box_id       TEXT,
  status       TEXT    NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'posted', 'failed', 'dismissed')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  error        TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  CHECK ((shipment_nbr IS NOT NULL AND order_type IS NULL AND order_nbr IS NULL)
      OR (shipment_nbr IS NULL AND order_type IS NOT NULL AND order_nbr IS NOT NULL)),
  UNIQUE (target_key, tracking_nbr)
);
INSERT INTO tracking_queue_with_dismissed (id, shipment_nbr, order_type, order_nbr, tracking_nbr, carrier, weight, box_id, status, attempts, error, created_at, updated_at)
SELECT id, shipment_nbr, order_type, order_nbr, tracking_nbr, carrier, weight, box_id, status, attempts, error, created_at, updated_at FROM tracking_queue;
DELETE FROM sqlite_sequence WHERE name = 'tracking_queue_with_dismissed';
INSERT INTO sqlite_sequence (name, seq) SELECT 'tracking_queue_with_dismissed', seq FROM sqlite_sequence WHERE name = 'tracking_queue';
DROP TABLE tracking_queue;
ALTER TABLE tracking_queue_with_dismissed RENAME TO tracking_queue;
CREATE INDEX tracking_queue_by_status ON tracking_queue (status, created_at);
`,
};
