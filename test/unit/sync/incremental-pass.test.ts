import { afterEach, describe, expect, it } from 'vitest';
import type { EntityRecordWire } from '../../../main/acumatica/wire.ts';
import { runIncrementalPass, type PassCursorStore, type PassSource, type PassSpec } from '../../../main/sync/incremental-pass.ts';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  unhandled.length = 0;
});

const record = (nbr: number): EntityRecordWire => ({ OrderType: { value: 'SO' }, OrderNbr: { value: `SO${String(nbr).padStart(6, '0')}` } }) as unknown as EntityRecordWire;

const spec: PassSpec<EntityRecordWire> = {
  name: 'SalesOrder:SO',
  entity: 'SalesOrder',
  keyFields: ['OrderType', 'OrderNbr'],
  lastModifiedField: 'LastModified',
  scope: [],
  expand: [],
  pageSize: 2,
  map: (wire) => wire,
  store: () => undefined,
  reject: (_record, error) => {
    throw error;
  },
};

const cursors: PassCursorStore = { get: () => undefined, commit: (_name, _cursor, storePage) => storePage() };

describe('incremental pass prefetch', () => {
  it('fails the pass, not the process, when the prefetched page fails while the page in hand is stored', async () => {
    process.on('unhandledRejection', onUnhandled);
    const refused = new Error('HTTP 500 on page 2');
    let calls = 0;
    // Page 2 fails at once: before the pass awaits it, it is still storing page 1.
    const source: PassSource = {
      list: () => (++calls === 1 ? Promise.resolve({ records: [record(1), record(2)], serverDate: null, requests: 1 }) : Promise.reject(refused)),
    };

    await expect(runIncrementalPass(spec, source, cursors, { initialSince: '2026-01-01T00:00:00Z', now: () => 0 })).rejects.toBe(refused);
    // Node ends the connector on an unhandled rejection (the soak's child died of one).
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
  });
});
