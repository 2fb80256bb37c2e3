// The SKUs that imported orders name but the stock item cache lacks: they wait in the ledger
// (pending_stock_lookups) until looked up, added in the transaction of the order page that named
// them, because a cycle that fails after that page committed (a 500 on the lookup or on a later
// page, a stop, a crash) reads that page's orders again only if they change: a list held in memory
// was lost with the cycle, and those SKUs were never cached.
import type { Ledger } from '../store/index.ts';

export class PendingSkus {
  readonly #ledger: Ledger;
  /** What the table holds, so a page naming only known SKUs costs no query. */
  readonly #skus: Set<string>;

  constructor(ledger: Ledger) {
    this.#ledger = ledger;
    this.#skus = new Set(ledger.pendingLookups.list());
  }

  /** Call inside the transaction storing the orders that name `skus`. */
  addUncached(skus: Iterable<string>): void {
    const unseen = [...new Set(skus)].filter((sku) => !this.#skus.has(sku));
    if (unseen.length === 0) return;
    const cached = this.#ledger.stockItems.findByInventoryIds(unseen);
    const missing = unseen.filter((sku) => !cached.has(sku));
    this.#ledger.pendingLookups.add(missing);
    for (const sku of missing) this.#skus.add(sku);
  }

  list(): string[] {
    return [...this.#skus];
  }

  /** Call inside the transaction storing what the lookup of `skus` found (an SKU not found is no stock item: done too). */
  looked(skus: readonly string[]): void {
    this.#ledger.pendingLookups.remove(skus);
    for (const sku of skus) this.#skus.delete(sku);
  }
}
