import { describe, expect, it } from 'vitest';
import { createSyncIndicator } from '../../../main/app/sync-indicator.ts';
import type { ConnectorStatus } from '../../../preload/api.ts';
import { fakeTimers, makeStatus } from './fixtures.ts';

function setup() {
  const timers = fakeTimers();
  const shown: string[] = [];
  const indicator = createSyncIndicator({ timers, onChange: (status: ConnectorStatus) => shown.push(status.connection.kind) });
  return { timers, shown, indicator };
}

describe('sync indicator', () => {
  it('never shows a routine cycle that ends within a second (no flicker every minute)', () => {
    const { timers, shown, indicator } = setup();
    indicator.update(makeStatus({ kind: 'connected' }));
    for (let cycle = 0; cycle < 5; cycle++) {
      indicator.update(makeStatus({ kind: 'syncing', requested: false }));
      timers.advance(400);
      indicator.update(makeStatus({ kind: 'connected' }));
      timers.advance(59_600);
    }
    expect(shown.every((kind) => kind === 'connected')).toBe(true);
    expect(timers.pending()).toBe(0);
  });

  it('shows a cycle once it has lasted more than a second', () => {
    const { timers, shown, indicator } = setup();
    indicator.update(makeStatus({ kind: 'connected' }));
    indicator.update(makeStatus({ kind: 'syncing', requested: false }));
    timers.advance(999);
    expect(shown.at(-1)).toBe('connected');
    timers.advance(1);
    expect(shown.at(-1)).toBe('syncing');
    indicator.update(makeStatus({ kind: 'connected' }));
    expect(shown.at(-1)).toBe('connected');
  });

  it('shows a cycle the operator asked for at once', () => {
    const { shown, indicator } = setup();
    indicator.update(makeStatus({ kind: 'syncing', requested: true }));
    expect(shown).toEqual(['syncing']);
  });

  it('keeps the counts fresh while hiding the short cycle', () => {
    const timers = fakeTimers();
    const seen: ConnectorStatus[] = [];
    const indicator = createSyncIndicator({ timers, onChange: (status) => seen.push(status) });
    indicator.update(makeStatus({ kind: 'connected' }));
    const busy = makeStatus({ kind: 'syncing', requested: false });
    busy.counts.importedToday = 99;
    indicator.update(busy);
    expect(seen[1]?.connection.kind).toBe('connected');
    expect(seen[1]?.counts.importedToday).toBe(99);
  });

  it('shows the first connection attempt as it is: never green before the connector has reached Acumatica', () => {
    const { timers, shown, indicator } = setup();
    indicator.update(makeStatus({ kind: 'connecting' }));
    expect(shown).toEqual(['connecting']);
    indicator.update(makeStatus({ kind: 'syncing', requested: false }));
    timers.advance(400);
    indicator.update(makeStatus({ kind: 'retrying', reason: 'Acumatica did not answer', nextAttemptAt: '2026-12-02T10:00:00.000Z' }));
    expect(shown).toEqual(['connecting', 'syncing', 'retrying']);
    expect(timers.pending()).toBe(0);
  });
});
