import type { Migration } from '../migrations.ts';

// When the polling process will next ask Acumatica. `connector status` runs in a process of its
// own beside the service: without this it could name the last sync but never the next one (its
// JSON said null), though the status command promises both. The value lives on the lease row, so
// it goes with the poller: a service that died leaves a lease that no longer counts, and with it
// no promise of a next sync.
export const pollerNextSync: Migration = {
  version: 8,
  name: 'poller next sync',
  sql: 'ALTER TABLE poller_lease ADD COLUMN next_sync_at INTEGER;',
};
