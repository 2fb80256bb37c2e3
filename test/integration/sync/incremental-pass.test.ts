import diagnostics from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import type { Order } from '../../../main/acumatica/domain.ts';
import { runIncrementalPass, type PassCursorStore, type PassSource, type PassSpec } from '../../../main/sync/incremental-pass.ts';
import { startHarness, type Harness } from '../acumatica/support.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

function memoryCursors(): PassCursorStore {
  const cursors = new Map<string, string>();
  return {
    get: (name) => cursors.get(name),
    commit(name, cursor, storePage) {
      storePage();
      cursors.set(name, cursor);
    },
  };
}

/** A pass over sales orders; a record that fails its schema fails the test. */
function orderPass(options: Pick<PassSpec<'SalesOrder'>, 'pageSize' | 'store'>): PassSpec<'SalesOrder'> {
  return {
    name: 'SalesOrder:SO',
    entity: 'SalesOrder',
    lastModifiedField: 'LastModified',
    scope: [],
    expand: ['Details', 'ShipToAddress', 'ShipToContact'],
    reject: (record) => {
      throw new Error(record.message);
    },
    ...options,
  };
}

describe('incremental pass over real HTTP', () => {
  it('has the next page on the wire before it stores the page in hand', async () => {
    h = await startHarness({ orders: 60 });
    // Headers written to a socket, per path: what the server can start on while we store.
    const sentListRequests: string[] = [];
    const onSent = (message: unknown) => {
      const path = (message as { request: { path: string } }).request.path;
      if (path.includes('/SalesOrder?')) sentListRequests.push(path);
    };
    diagnostics.subscribe('undici:client:sendHeaders', onSent);
    const sentWhenStoring: number[] = [];
    const spec = orderPass({ pageSize: 10, store: () => void sentWhenStoring.push(sentListRequests.length) });
    try {
      const result = await runIncrementalPass(spec, h.conn.client, memoryCursors(), { initialSince: '2000-01-01T00:00:00Z', now: () => h.clock.now() });
      expect(result.records).toBe(60);
      // Pages 1-6 are full, so each store runs with the next page's request already sent; the
      // short page 7 ends the pass.
      expect(result.pages).toBe(7);
      expect(sentWhenStoring).toEqual([2, 3, 4, 5, 6, 7, 7]);
    } finally {
      diagnostics.unsubscribe('undici:client:sendHeaders', onSent);
    }
  });
});

describe('incremental pass prefetch failure', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
    unhandled.length = 0;
  });

  it('fails the pass, not the process, when the prefetched page fails while the page in hand is stored', async () => {
    process.on('unhandledRejection', onUnhandled);
    const refused = new Error('HTTP 500 on page 2');
    const record = (nbr: string) => ({
      id: '9e7e71ae-2c39-4176-8436-974d6c22d9d8',
      OrderType: { value: 'SO' },
      OrderNbr: { value: nbr },
      Status: { value: 'Open' },
      LastModified: { value: '2026-11-24T13:38:51.013-05:00' },
    });
    let calls = 0;
    // Page 2 fails at once: before the pass awaits it, it is still storing page 1.
    const source: PassSource = {
      listText: () => (++calls === 1 ? Promise.resolve({ body: JSON.stringify([record('SO000001'), record('SO000002')]), serverDate: null, requests: 1 }) : Promise.reject(refused)),
    };
    const stored: Order[][] = [];

    const pass = runIncrementalPass(orderPass({ pageSize: 2, store: (items) => void stored.push(items) }), source, memoryCursors(), { initialSince: '2026-01-01T00:00:00Z', now: () => 0 });
    await expect(pass).rejects.toBe(refused);
    expect(stored.map((page) => page.map((order) => order.orderNbr))).toEqual([['SO000001', 'SO000002']]);
    // Node ends the connector on an unhandled rejection (the soak's child died of one).
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
  });
});

describe('incremental pass over a page it cannot page on', () => {
  it('fails, storing nothing and keeping the cursor, when a full page carries no keys', async () => {
    const keyless = { id: '9e7e71ae-2c39-4176-8436-974d6c22d9d8', Status: { value: 'Open' } };
    let requests = 0;
    const source: PassSource = {
      listText: () => {
        requests += 1;
        return Promise.resolve({ body: JSON.stringify([keyless, keyless]), serverDate: null, requests: 1 });
      },
    };
    const cursors = memoryCursors();
    const stored: Order[][] = [];
    const pass = runIncrementalPass(orderPass({ pageSize: 2, store: (items) => void stored.push(items) }), source, cursors, { initialSince: '2026-01-01T00:00:00Z', now: () => 0 });
    await expect(pass).rejects.toMatchObject({ kind: 'bad-response', message: expect.stringMatching(/full page of SalesOrder records without their keys \(OrderType, OrderNbr\)/) });
    expect(stored).toEqual([]);
    expect(cursors.get('SalesOrder:SO')).toBeUndefined();
    // No second request for the same page, and none after it.
    expect(requests).toBe(1);
  });
});
