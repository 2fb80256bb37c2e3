// `connector status` beside the service: the "Next sync" line never promises a time already past.
import { describe, expect, it } from 'vitest';
import { describeNextSync } from '../../../main/headless/describe-next-sync.ts';
import type { PollerLease } from '../../../main/store/index.ts';
import type { ConnectorStatus } from '../../../preload/api.ts';

const NOW = Date.parse('2026-12-01T10:05:00.000Z');
const service: PollerLease = { holder: 'h', kind: 'service', pid: 812, port: 5123, startedAt: NOW - 3_600_000, heartbeatAt: NOW, nextSyncAt: null };
const status = (nextSyncAt: string | null, extra: Partial<ConnectorStatus> = {}) =>
  ({ connection: { kind: 'connected' }, paused: null, nextSyncAt, ...extra }) as ConnectorStatus;

describe('describeNextSync', () => {
  it('names the time the service planned', () => {
    expect(describeNextSync(status('2026-12-01T10:06:00.000Z'), service, NOW)).toBe('2026-12-01T10:06:00.000Z');
  });

  it('says a plan whose time has come is running or starting now, not a time behind us', () => {
    // The service's first cycle, planned at its start an hour ago, is still importing.
    expect(describeNextSync(status('2026-12-01T09:05:00.000Z'), service, NOW)).toBe('now: the sync due at 2026-12-01T09:05:00.000Z is starting or running');
  });

  it('says why there is none', () => {
    expect(describeNextSync(status(null, { connection: { kind: 'not-configured' } }), service, NOW)).toBe('none: not set up yet (run "connector setup")');
    expect(describeNextSync(status(null), null, NOW)).toMatch(/^none: nothing syncs this data folder/);
    expect(describeNextSync(status(null), { ...service, kind: 'sync-once' }, NOW)).toMatch(/^none planned: "connector sync --once"/);
    expect(describeNextSync(status(null, { paused: { until: null } }), service, NOW)).toBe('none: paused until resumed');
    expect(describeNextSync(status(null), service, NOW)).toBe('being planned (a sync is starting or running)');
  });
});
