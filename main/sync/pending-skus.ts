// The SKUs that imported orders name but the stock item cache lacks: they wait here until looked
// up. Kept in the ledger (a row of the cursors table, there only while some wait) and added to in
// the transaction of the order page that named them, because a cycle that fails after that page
// committed (a 500 on the lookup or on a later page, a stop, a crash) reads that page's orders
// again only if they change: a list held in memory was lost with the cycle, and those SKUs were
// never cached.
import { z } from 'zod';
import type { Ledger } from '../store/index.ts';

export const PENDING_SKUS_CURSOR = 'StockItem:lookups';

const StoredSkus = z.array(z.string());

export class PendingSkus {
  readonly #ledger: Ledger;
  readonly #skus: Set<string>;

  constructor(ledger: Ledger) {
    this.#ledger = ledger;
    this.#skus = new Set(stored(ledger));
  }

  /** Call inside the transaction storing the orders that name `skus`. */
  addUncached(skus: Iterable<string>): void {
    const unseen = [...new Set(skus)].filter((sku) => !this.#skus.has(sku));
    if (unseen.length === 0) return;
    const cached = this.#ledger.stockItems.findByInventoryIds(unseen);
    const missing = unseen.filter((sku) => !cached.has(sku));
    if (missing.length === 0) return;
    for (const sku of missing) this.#skus.add(sku);
    this.#save();
  }

  list(): string[] {
    return [...this.#skus];
  }

  /** Call inside the transaction storing what the lookup of `skus` found (an SKU not found is no stock item: done too). */
  looked(skus: readonly string[]): void {
    for (const sku of skus) this.#skus.delete(sku);
    this.#save();
  }

  #save(): void {
    if (this.#skus.size === 0) this.#ledger.cursors.resetCursor(PENDING_SKUS_CURSOR);
    else this.#ledger.cursors.setCursor(PENDING_SKUS_CURSOR, JSON.stringify([...this.#skus]));
  }
}

/** An unreadable list is dropped (the next order pages start it again) rather than fail every cycle. */
function stored(ledger: Ledger): string[] {
  const value = ledger.cursors.getCursor(PENDING_SKUS_CURSOR)?.value;
  if (value === undefined) return [];
  try {
    const parsed = StoredSkus.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
