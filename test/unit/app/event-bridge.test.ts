import { describe, expect, it } from 'vitest';
import { bridgeEngineEvents } from '../../../main/app/event-bridge.ts';
import type { ForwardedEvent, ShellEngine } from '../../../main/app/shell-engine.ts';
import type { ConnectorStatus, OrderSummary } from '../../../preload/api.ts';
import { fakeTimers, makeStatus } from './fixtures.ts';

function fakeEngine() {
  const statusListeners = new Set<(status: ConnectorStatus) => void>();
  const eventListeners = new Map<ForwardedEvent, Set<(payload: unknown) => void>>();
  const engine = {
    onStatus(listener: (status: ConnectorStatus) => void) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onEvent(event: ForwardedEvent, listener: (payload: unknown) => void) {
      const set = eventListeners.get(event) ?? new Set();
      set.add(listener);
      eventListeners.set(event, set);
      return () => set.delete(listener);
    },
  } as unknown as ShellEngine;
  return {
    engine,
    status: (status: ConnectorStatus) => statusListeners.forEach((listener) => listener(status)),
    emit: (event: ForwardedEvent, payload: unknown) => eventListeners.get(event)?.forEach((listener) => listener(payload)),
    listenerCount: () => statusListeners.size + [...eventListeners.values()].reduce((sum, set) => sum + set.size, 0),
  };
}

const order = (orderNbr: string): OrderSummary => ({
  orderType: 'SO', orderNbr, status: 'Open', customerId: 'C1', shipToCity: 'Leeds', lineCount: 1,
  lastModified: '2025-03-10T11:00:00Z', importedAt: '2025-03-10T11:00:01Z', updatedAt: '2025-03-10T11:00:01Z',
});

describe('engine events to the window', () => {
  it('sends status at once and orders in validated batches on their channels', () => {
    const timers = fakeTimers();
    const fake = fakeEngine();
    const sent: Array<[string, unknown]> = [];
    const stop = bridgeEngineEvents({ engine: fake.engine, timers, send: (channel, payload) => sent.push([channel, payload]) });
    fake.status(makeStatus({ kind: 'connected' }));
    fake.emit('orders', [order('SO1'), order('SO2')]);
    fake.emit('orders', [order('SO3')]);
    fake.emit('orders', []);
    timers.advance(0);
    expect(sent.map(([channel]) => channel)).toEqual(['connector:event-status', 'connector:event-orders']);
    expect(sent[1]?.[1]).toEqual([order('SO1'), order('SO2'), order('SO3')]);
    stop();
    expect(fake.listenerCount()).toBe(0);
  });

  it('sends each cycle event at once, so the Deliveries screen reloads when a cycle finishes', () => {
    const timers = fakeTimers();
    const fake = fakeEngine();
    const sent: Array<[string, unknown]> = [];
    const stop = bridgeEngineEvents({ engine: fake.engine, timers, send: (channel, payload) => sent.push([channel, payload]) });
    const finished = {
      phase: 'finished', at: '2025-03-10T12:00:02Z', durationMs: 1800, requests: 4,
      orders: { imported: 2, updated: 0 }, shipments: { imported: 1, updated: 0 }, error: null,
    };
    fake.emit('cycle', { phase: 'started', requested: false, at: '2025-03-10T12:00:00Z' });
    fake.emit('cycle', finished);
    expect(sent).toEqual([
      ['connector:event-cycle', { phase: 'started', requested: false, at: '2025-03-10T12:00:00Z' }],
      ['connector:event-cycle', finished],
    ]);
    stop();
    expect(fake.listenerCount()).toBe(0);
  });

  it('drops a payload that breaks the contract instead of sending it', () => {
    const timers = fakeTimers();
    const fake = fakeEngine();
    const sent: string[] = [];
    const dropped: string[] = [];
    bridgeEngineEvents({ engine: fake.engine, timers, send: (channel) => sent.push(channel), onDropped: (event) => dropped.push(event) });
    fake.status({ connection: { kind: 'connected' } } as ConnectorStatus);
    fake.emit('cycle', { phase: 'finished' });
    fake.emit('activity', [{ id: 'not a number' }]);
    timers.advance(0);
    expect(sent).toEqual([]);
    expect(dropped).toEqual(['status', 'cycle', 'activity']);
  });
});
