// Engine events for the UI, in the contract's shapes. Status changes are coalesced (many small
// changes in one tick become one event); order and activity events carry what just committed.
import type { ActivityEntry as StoredActivity, Ledger, OrderKey, OrderSummary as StoredSummary } from '../store/index.ts';
import type { ActivityEntry, ConnectorStatus, CycleEvent, EventName, OrderSummary } from '../../preload/api.ts';

type Listener = (event: EventName, payload: unknown) => void;

export function toOrderSummary(order: StoredSummary): OrderSummary {
  return {
    orderType: order.orderType,
    orderNbr: order.orderNbr,
    status: order.status,
    customerId: order.customerId,
    shipToCity: order.shipToCity,
    lineCount: order.lineCount,
    lastModified: order.lastModified,
    importedAt: new Date(order.firstImportedAt).toISOString(),
    updatedAt: new Date(order.updatedAt).toISOString(),
  };
}

export function toActivityEntry(entry: StoredActivity): ActivityEntry {
  return {
    id: entry.id,
    at: new Date(entry.at).toISOString(),
    level: entry.level === 'debug' ? 'info' : entry.level,
    kind: entry.kind,
    message: entry.message,
  };
}

export class ConnectorEvents {
  readonly #listeners = new Set<Listener>();
  #statusQueued = false;
  #closed = false;

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  statusChanged(read: () => ConnectorStatus): void {
    if (this.#statusQueued || this.#closed || this.#listeners.size === 0) return;
    this.#statusQueued = true;
    queueMicrotask(() => {
      this.#statusQueued = false;
      if (!this.#closed) this.#emit('status', read());
    });
  }

  ordersChanged(ledger: Ledger, keys: readonly OrderKey[]): void {
    if (this.#listeners.size === 0 || keys.length === 0) return;
    this.#emit('orders', ledger.orders.summariesOf(keys).map(toOrderSummary));
  }

  cycle(event: CycleEvent): void {
    if (this.#listeners.size > 0) this.#emit('cycle', event);
  }

  activity(entries: readonly StoredActivity[]): void {
    if (this.#listeners.size === 0 || entries.length === 0) return;
    this.#emit('activity', entries.map(toActivityEntry));
  }

  close(): void {
    this.#closed = true;
    this.#listeners.clear();
  }

  #emit(event: EventName, payload: unknown): void {
    for (const listener of this.#listeners) {
      try {
        listener(event, payload);
      } catch {
        // A failing view must not break the engine; it resubscribes when it reconnects.
      }
    }
  }
}
