import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger, type Ledger } from '../../../main/store/index.ts';
import { enrichLines } from '../../../main/engine/enrich-lines.ts';

let ledger: Ledger;
let dir: string;
afterEach(() => {
  ledger.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('enrichLines', () => {
  it('fills a line\'s missing description, UOM and warehouse from the cached stock item, and keeps what Acumatica sent', () => {
    dir = mkdtempSync(join(tmpdir(), 'ds-enrich-'));
    ledger = openLedger({ path: join(dir, 'ledger.sqlite') });
    ledger.stockItems.upsertStockItems([
      { id: 'a', inventoryId: 'MUG', description: 'Classic Mug', itemStatus: 'Active', baseUom: 'EA', defaultWarehouseId: 'WH1', lastModified: '2026-11-28T10:00:00.000-05:00' },
    ]);
    const lines = enrichLines(ledger, [
      { lineNbr: 1, inventoryId: 'MUG', description: null, quantity: 2, uom: null, warehouseId: null, unitPrice: 5 },
      { lineNbr: 2, inventoryId: 'MUG', description: 'Gift mug', quantity: 1, uom: 'BOX', warehouseId: 'WH2', unitPrice: 5 },
      { lineNbr: 3, inventoryId: 'UNKNOWN', description: null, quantity: 1, uom: null, warehouseId: null, unitPrice: null },
    ]);
    expect(lines.map((line) => [line.description, line.uom, line.warehouseId])).toEqual([
      ['Classic Mug', 'EA', 'WH1'],
      ['Gift mug', 'BOX', 'WH2'],
      [null, null, null],
    ]);
  });
});
