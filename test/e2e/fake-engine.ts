// An in-memory engine behind the real headless service, for browser tests of the UI: the service's
// HTTP API, token checks and event stream are real; only the answers are made up here.
import { OperatorError, type EngineHandlers } from '../../main/engine/dispatch.ts';
import type { ActivityEntry, ConnectorStatus, EventName, OrderDetail, OrderSummary, PayloadOf, PreflightResult, Settings } from '../../preload/api.ts';
import { settingDefaults } from '../../preload/api.ts';
import { createFakeFulfillment } from './fake-fulfillment.ts';

/** The value the fake Acumatica refuses as a new client secret. */
export const WRONG_SECRET = 'not-the-new-secret';

export type Listener = (event: EventName, payload: unknown) => void;

export function baseStatus(overrides: Partial<ConnectorStatus> = {}): ConnectorStatus {
  return {
    connection: { kind: 'connected' },
    lastSyncAt: new Date(Date.now() - 75_000).toISOString(),
    nextSyncAt: new Date(Date.now() + 45_000).toISOString(),
    counts: { importedToday: 128, ordersTotal: 100_000, shipmentsTotal: 61_204, pendingDeliveries: 4, trackingPosted: 58_930, errorsToday: 2 },
    secret: { expiresOn: '2026-12-20', daysLeft: 21, reminder: { threshold: 30, due: true, snoozedUntil: null } },
    refreshToken: { lastRefreshAt: new Date().toISOString(), issuedAt: new Date().toISOString(), slidingWindowDays: 15 },
    storedSecrets: { clientSecret: true, password: true },
    recordsStartedOverAt: null,
    ...overrides,
  };
}

const CITIES = ['Denver', 'Austin', 'Portland', 'Boise', 'Omaha', 'Salt Lake City', null];
const STATUSES = ['Open', 'Open', 'Back Order', 'On Hold', 'Completed'];

export function makeOrders(count: number, newest = Date.now()): OrderSummary[] {
  return Array.from({ length: count }, (_, index) => {
    const at = new Date(newest - index * 37_000).toISOString();
    return {
      orderType: index % 11 === 0 ? 'RM' : 'SO',
      orderNbr: `SO${String(200_000 - index).padStart(6, '0')}`,
      status: STATUSES[index % STATUSES.length] ?? 'Open',
      customerId: `C${String(1000 + (index % 173))}`,
      shipToCity: CITIES[index % CITIES.length] ?? null,
      lineCount: (index % 9) + 1,
      lastModified: at,
      importedAt: index % 4 === 1 ? new Date(Date.parse(at) - 3_600_000).toISOString() : at,
      updatedAt: at,
    };
  });
}

export const FAILING_PREFLIGHT: PreflightResult = {
  ok: false,
  endpointVersion: '24.200.001',
  checks: [
    { id: 'instance-reachable', label: 'Instance reachable', outcome: 'ok', detail: 'Acumatica answered.', fix: null, articleStep: null },
    { id: 'client-credentials', label: 'Client ID and secret', outcome: 'ok', detail: 'Acumatica accepted the Connected Application.', fix: null, articleStep: null },
    { id: 'user-credentials', label: 'Username and password', outcome: 'ok', detail: 'The integration user signed in.', fix: null, articleStep: null },
    { id: 'sales-orders-read', label: 'Sales Orders: read', outcome: 'ok', detail: 'The integration user can read Sales Orders (SO301000).', fix: null, articleStep: null },
    {
      id: 'shipments-write',
      label: 'Shipments: write (tracking numbers)',
      outcome: 'failed',
      detail: 'Acumatica refused to change a shipment: the role has read-only access.',
      fix: "In Acumatica, give the integration user's role read and write access to the Shipments (SO302000) form (User Security > Access Rights by Role), then test again.",
      articleStep: 'Setup article, part 1: Create a Dedicated Integration User',
    },
    { id: 'login-limit', label: 'API login headroom', outcome: 'unknown', detail: 'Not checked.', fix: null, articleStep: null },
  ],
};

export interface FakeEngine {
  handlers: EngineHandlers;
  subscribe: (listener: Listener) => () => void;
  emit: <E extends EventName>(event: E, payload: PayloadOf<E>) => void;
  status: () => ConnectorStatus;
}

export function createFakeEngine(options: { status?: ConnectorStatus; orders?: OrderSummary[]; settings?: Partial<Settings> } = {}): FakeEngine {
  let status = options.status ?? baseStatus();
  let settings: Settings = {
    ...settingDefaults,
    instanceUrl: 'https://erp.example.com/AcumaticaERP',
    clientId: '03539A80-9BBD-231F-0435-7FBC92E9CD3F@MyCompany',
    username: 'dropstream',
    secretExpiresOn: '2026-12-20',
    ...options.settings,
  };
  const orders = options.orders ?? makeOrders(500);
  const activity: ActivityEntry[] = Array.from({ length: 40 }, (_, index) => ({
    id: 40 - index,
    at: new Date(Date.now() - index * 90_000).toISOString(),
    level: index % 13 === 3 ? 'error' : index % 7 === 2 ? 'warn' : 'info',
    kind: index % 3 === 0 ? 'import' : index % 3 === 1 ? 'tracking' : 'sync',
    message: index % 13 === 3 ? 'Acumatica answered 500 while listing shipments; retrying in 30 s.' : index % 7 === 2 ? 'Acumatica is slowing requests down (over half the per-minute quota).' : `Imported ${index + 2} orders and ${index} shipments.`,
  }));
  const listeners = new Set<Listener>();
  const emit = <E extends EventName>(event: E, payload: PayloadOf<E>) => {
    for (const listener of listeners) listener(event, payload);
  };
  const setStatus = (next: ConnectorStatus) => {
    status = next;
    emit('status', status);
    return status;
  };
  const detail = (order: OrderSummary): OrderDetail => ({
    ...order,
    date: order.importedAt.slice(0, 10),
    customerOrder: `PO-${order.orderNbr.slice(-4)}`,
    shipVia: 'UPSGROUND',
    shipTo: { addressLine1: '1200 Larimer St', addressLine2: 'Dock 4', city: order.shipToCity, state: 'CO', postalCode: '80202', country: 'US' },
    lines: Array.from({ length: order.lineCount }, (_, index) => ({
      lineNbr: index + 1,
      inventoryId: `SKU-${100 + index}`,
      description: index % 2 === 0 ? 'Stainless water bottle, 750 ml' : null,
      quantity: index + 1,
      uom: 'EA',
      warehouseId: 'WHOLESALE',
    })),
    timeline: [
      { at: order.importedAt, kind: 'imported', message: 'Imported from Acumatica.' },
      { at: order.updatedAt, kind: 'delivered', message: 'Handed to fulfillment (webhook 200).' },
    ],
  });

  const handlers: EngineHandlers = {
    appInfo: () => ({ name: 'DropStream Connector', version: '0.1.0', mode: 'headless' }),
    getStatus: () => status,
    getSettings: () => settings,
    updateSettings: (patch) => (settings = { ...settings, ...patch }),
    testConnection: (setup) => (setup.username === 'readonly' ? FAILING_PREFLIGHT : { ...FAILING_PREFLIGHT, ok: true, checks: FAILING_PREFLIGHT.checks.map((check) => ({ ...check, outcome: 'ok' as const, fix: null })) }),
    saveSetup: ({ setup }) => {
      const { clientSecret: _secret, password: _password, ...plain } = setup;
      settings = { ...settings, ...plain };
      return setStatus({ ...status, connection: { kind: 'connecting' }, storedSecrets: { clientSecret: true, password: true } });
    },
    syncNow: () => setStatus({ ...status, connection: { kind: 'syncing', requested: true } }),
    pause: ({ minutes }) => setStatus({ ...status, connection: { kind: 'paused', until: minutes === null ? null : new Date(Date.now() + minutes * 60_000).toISOString() } }),
    resume: () => setStatus({ ...status, connection: { kind: 'connected' } }),
    listOrders: ({ limit, offset }) => ({ orders: orders.slice(offset, offset + limit), total: orders.length }),
    getOrder: ({ orderType, orderNbr }) => {
      const found = orders.find((order) => order.orderType === orderType && order.orderNbr === orderNbr);
      return found ? detail(found) : null;
    },
    rotateSecret: ({ newSecret, expiresOn }) => {
      if (newSecret === WRONG_SECRET) throw new OperatorError('refused', 'Acumatica did not accept the new secret (invalid_client). Nothing changed: the connector keeps using the old secret.', 'newSecret');
      settings = { ...settings, secretExpiresOn: expiresOn };
      const daysLeft = expiresOn === null ? null : Math.round((Date.parse(`${expiresOn}T00:00:00Z`) - Date.now()) / 86_400_000);
      return setStatus({ ...status, secret: { expiresOn, daysLeft, reminder: null }, connection: { kind: 'connected' } });
    },
    updatePassword: () => setStatus({ ...status, connection: { kind: 'connected' }, storedSecrets: { ...status.storedSecrets, password: true } }),
    snoozeSecretReminder: () => {
      const reminder = status.secret.reminder;
      const snoozedUntil = new Date(Date.now() + 86_400_000).toISOString();
      return setStatus({ ...status, secret: { ...status.secret, reminder: reminder ? { ...reminder, due: false, snoozedUntil } : null } });
    },
    ...createFakeFulfillment(),
    listActivity: ({ limit, minLevel }) => activity.filter((entry) => minLevel === 'info' || entry.level === 'error' || (minLevel === 'warn' && entry.level === 'warn')).slice(0, limit),
  };
  return {
    handlers,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit,
    status: () => status,
  };
}
