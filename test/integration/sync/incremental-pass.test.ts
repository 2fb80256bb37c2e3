import diagnostics from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import type { EntityRecordWire } from '../../../main/acumatica/wire.ts';
import { runIncrementalPass, type PassCursorStore, type PassSpec } from '../../../main/sync/incremental-pass.ts';
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
    const spec: PassSpec<EntityRecordWire> = {
      name: 'SalesOrder:SO',
      entity: 'SalesOrder',
      keyFields: ['OrderType', 'OrderNbr'],
      lastModifiedField: 'LastModified',
      scope: [],
      expand: [],
      pageSize: 10,
      map: (record) => record,
      store: () => void sentWhenStoring.push(sentListRequests.length),
      reject: (_record, error) => {
        throw error;
      },
    };
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
