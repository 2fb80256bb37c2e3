// An in-memory ConnectorTransport for component tests. Requests go through the engine's real
// dispatcher (schema-validated both ways, answered as envelopes), so the UI meets the same
// contract it meets over IPC or HTTP; handlers are the only fake part.
import { createConnectorApi, type ConnectorApi, type ConnectorStatus, type ConnectorTransport, type ErrorBody, type EventName, type MethodName, type OrderSummary, type ParsedRequestOf, type PayloadOf, type ResponseOf } from '../../../preload/api.ts';
import { dispatch, OperatorError, type EngineHandlers } from '../../../main/engine/dispatch.ts';

export type FakeHandlers = { [M in MethodName]?: (request: ParsedRequestOf<M>) => Promise<ResponseOf<M>> | ResponseOf<M> };

export interface FakeConnector {
  transport: ConnectorTransport;
  api: ConnectorApi;
  /** Every call as the UI sent it (before validation). */
  calls: { method: MethodName; request: unknown }[];
  callsOf: (method: MethodName) => unknown[];
  emit: <E extends EventName>(event: E, payload: PayloadOf<E>) => void;
  listenerCount: (event: EventName) => number;
}

export function fail(body: ErrorBody): never {
  throw new OperatorError(body.code, body.message, body.field);
}

export function fakeConnector(handlers: FakeHandlers = {}): FakeConnector {
  const calls: { method: MethodName; request: unknown }[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const engine = new Proxy({} as EngineHandlers, {
    get(_target, method: string) {
      const handler = (handlers as Record<string, ((request: unknown) => unknown) | undefined>)[method];
      return handler ?? (() => fail({ code: 'failed', message: `fake: no handler for ${method}` }));
    },
  });
  const transport: ConnectorTransport = {
    async invoke(method, request) {
      calls.push({ method, request });
      // Like IPC and HTTP, only plain data crosses: a structured clone.
      return dispatch(engine, method, request === undefined ? undefined : structuredClone(request));
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  return {
    transport,
    api: createConnectorApi(transport),
    calls,
    callsOf: (method) => calls.filter((call) => call.method === method).map((call) => call.request),
    emit: (event, payload) => {
      for (const listener of [...(listeners.get(event) ?? [])]) listener(structuredClone(payload));
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  };
}

export function makeStatus(overrides: Partial<ConnectorStatus> = {}): ConnectorStatus {
  return {
    connection: { kind: 'connected' },
    lastSyncAt: new Date(Date.now() - 90_000).toISOString(),
    nextSyncAt: new Date(Date.now() + 30_000).toISOString(),
    counts: { importedToday: 42, ordersTotal: 12_345, shipmentsTotal: 6_789, pendingDeliveries: 3, trackingPosted: 321, errorsToday: 1 },
    secret: { expiresOn: '2027-06-30', daysLeft: 200 },
    refreshToken: { lastRefreshAt: null, issuedAt: null, slidingWindowDays: 15 },
    storedSecrets: { clientSecret: false, password: false },
    recordsStartedOverAt: null,
    ...overrides,
  };
}

const CITIES = ['Denver', 'Austin', 'Portland', 'Boise', 'Omaha', null];
const STATUSES = ['Open', 'Back Order', 'On Hold', 'Completed'];

export function makeOrder(index: number, overrides: Partial<OrderSummary> = {}): OrderSummary {
  const at = new Date(Date.UTC(2026, 10, 28, 12, 0, 0) - index * 60_000).toISOString();
  return {
    orderType: 'SO',
    orderNbr: `SO${String(100_000 + index).padStart(6, '0')}`,
    status: STATUSES[index % STATUSES.length] ?? 'Open',
    customerId: `CUST${index % 50}`,
    shipToCity: CITIES[index % CITIES.length] ?? null,
    lineCount: (index % 7) + 1,
    lastModified: at,
    importedAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export function makeOrders(count: number): OrderSummary[] {
  return Array.from({ length: count }, (_, index) => makeOrder(index));
}
