// Order lines as fulfillment needs them: where Acumatica left a line's description, UOM or
// warehouse empty, the cached stock item fills it in (its description, base UOM, default warehouse).
import type { OrderLine } from '../acumatica/domain.ts';
import type { Ledger } from '../store/index.ts';

export function enrichLines(ledger: Ledger, lines: readonly OrderLine[]): OrderLine[] {
  const needy = lines.filter((line) => line.description === null || line.warehouseId === null || line.uom === null);
  if (needy.length === 0) return [...lines];
  const items = ledger.stockItems.findByInventoryIds([...new Set(needy.map((line) => line.inventoryId))]);
  return lines.map((line) => {
    const item = items.get(line.inventoryId);
    if (!item) return line;
    return {
      ...line,
      description: line.description ?? item.description,
      uom: line.uom ?? item.baseUom,
      warehouseId: line.warehouseId ?? item.defaultWarehouseId,
    };
  });
}

/** Lines as the UI and `orders --json` show them: enriched, without the price. */
export function lineViews(ledger: Ledger, lines: readonly OrderLine[]) {
  return enrichLines(ledger, lines).map((line) => ({
    lineNbr: line.lineNbr,
    inventoryId: line.inventoryId,
    description: line.description,
    quantity: line.quantity,
    uom: line.uom,
    warehouseId: line.warehouseId,
  }));
}
