import type { Migration } from '../migrations.ts';

// The first ledger schema. Conventions that later migrations should keep:
// - times we record ourselves are UTC epoch milliseconds (INTEGER, suffix _at);
// - Acumatica's own timestamps are kept verbatim (TEXT, with its offset) because cursors and
//   idempotency keys must compare what the server said; a *_ms twin holds the same instant as
//   epoch milliseconds so SQL can sort and compare across offsets;
// - detail tables cascade from their parent so an upsert can replace them and pruning a parent
//   cannot leave orphans.
export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema',
  sql: `
CREATE TABLE orders (
  order_type            TEXT    NOT NULL,
  order_nbr             TEXT    NOT NULL,
  acumatica_id          TEXT    NOT NULL,
  status                TEXT    NOT NULL,
  order_date            TEXT,
  requested_on          TEXT,
  customer_id           TEXT,
  customer_order        TEXT,
  description           TEXT,
  ship_via              TEXT,
  last_modified         TEXT    NOT NULL,
  last_modified_ms      INTEGER NOT NULL,
  ship_to_address_line1 TEXT,
  ship_to_address_line2 TEXT,
  ship_to_city          TEXT,
  ship_to_state         TEXT,
  ship_to_postal_code   TEXT,
  ship_to_country       TEXT,
  ship_to_attention     TEXT,
  ship_to_business_name TEXT,
  ship_to_email         TEXT,
  ship_to_phone         TEXT,
  first_imported_at     INTEGER NOT NULL,
  updated_at            INTEGER NOT NULL,
  PRIMARY KEY (order_type, order_nbr)
);
CREATE INDEX orders_by_updated_at ON orders (updated_at DESC);
CREATE INDEX orders_by_first_imported_at ON orders (first_imported_at);
CREATE INDEX orders_by_status ON orders (status);

CREATE TABLE order_lines (
  order_type   TEXT    NOT NULL,
  order_nbr    TEXT    NOT NULL,
  line_nbr     INTEGER NOT NULL,
  inventory_id TEXT    NOT NULL,
  description  TEXT,
  quantity     REAL    NOT NULL,
  uom          TEXT,
  warehouse_id TEXT,
  unit_price   REAL,
  PRIMARY KEY (order_type, order_nbr, line_nbr),
  FOREIGN KEY (order_type, order_nbr) REFERENCES orders (order_type, order_nbr) ON DELETE CASCADE
);
CREATE INDEX order_lines_by_inventory_id ON order_lines (inventory_id);

CREATE TABLE shipments (
  shipment_nbr      TEXT    NOT NULL PRIMARY KEY,
  acumatica_id      TEXT    NOT NULL,
  type              TEXT,
  status            TEXT    NOT NULL,
  shipment_date     TEXT,
  customer_id       TEXT,
  warehouse_id      TEXT,
  ship_via          TEXT,
  last_modified     TEXT    NOT NULL,
  last_modified_ms  INTEGER NOT NULL,
  first_imported_at INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);
CREATE INDEX shipments_by_updated_at ON shipments (updated_at DESC);

CREATE TABLE shipment_lines (
  shipment_nbr TEXT    NOT NULL REFERENCES shipments (shipment_nbr) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  order_type   TEXT,
  order_nbr    TEXT,
  inventory_id TEXT,
  shipped_qty  REAL    NOT NULL,
  PRIMARY KEY (shipment_nbr, position)
);

CREATE TABLE shipment_packages (
  shipment_nbr TEXT    NOT NULL REFERENCES shipments (shipment_nbr) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  package_id   TEXT,
  box_id       TEXT,
  tracking_nbr TEXT,
  weight       REAL,
  PRIMARY KEY (shipment_nbr, position)
);

-- No foreign key to orders: a shipment may arrive before (or without) its order.
CREATE TABLE shipment_orders (
  shipment_nbr TEXT NOT NULL REFERENCES shipments (shipment_nbr) ON DELETE CASCADE,
  order_type   TEXT NOT NULL,
  order_nbr    TEXT NOT NULL,
  PRIMARY KEY (shipment_nbr, order_type, order_nbr)
);
CREATE INDEX shipment_orders_by_order ON shipment_orders (order_type, order_nbr);

CREATE TABLE stock_items (
  inventory_id         TEXT    NOT NULL PRIMARY KEY,
  acumatica_id         TEXT    NOT NULL,
  description          TEXT,
  item_status          TEXT,
  base_uom             TEXT,
  default_warehouse_id TEXT,
  last_modified        TEXT,
  last_modified_ms     INTEGER,
  first_imported_at    INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
);

CREATE TABLE cursors (
  entity     TEXT    NOT NULL PRIMARY KEY,
  value      TEXT    NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE activity_log (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  level       TEXT    NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
  kind        TEXT    NOT NULL,
  message     TEXT    NOT NULL,
  details     TEXT    CHECK (details IS NULL OR json_valid(details)),
  subject_key TEXT
);
CREATE INDEX activity_log_by_at ON activity_log (at);
CREATE INDEX activity_log_by_subject ON activity_log (subject_key, at) WHERE subject_key IS NOT NULL;

CREATE TABLE settings (
  key        TEXT    NOT NULL PRIMARY KEY,
  value      TEXT    NOT NULL CHECK (json_valid(value)),
  updated_at INTEGER NOT NULL
);

-- One row per (destination, version of a record). The idempotency key names the version
-- (entity + keys + lastModified), so re-importing the same version can never enqueue it twice.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  entity          TEXT    NOT NULL CHECK (entity IN ('order', 'shipment')),
  record_key      TEXT    NOT NULL,
  idempotency_key TEXT    NOT NULL,
  destination     TEXT    NOT NULL,
  status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'parked')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  UNIQUE (destination, idempotency_key)
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_record ON outbox (entity, record_key);

-- target_key folds "shipment or order" into one NOT NULL value so the UNIQUE constraint works
-- (SQLite treats NULLs as distinct, which would let a tracking number be queued twice).
CREATE TABLE tracking_queue (
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
  status       TEXT    NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'posted', 'failed')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  error        TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  CHECK ((shipment_nbr IS NOT NULL AND order_type IS NULL AND order_nbr IS NULL)
      OR (shipment_nbr IS NULL AND order_type IS NOT NULL AND order_nbr IS NOT NULL)),
  UNIQUE (target_key, tracking_nbr)
);
CREATE INDEX tracking_queue_by_status ON tracking_queue (status, created_at);
`,
};
