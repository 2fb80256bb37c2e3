// Stands in for the engine until main/sync and main/vault land: the shell runs (tray, window,
// settings) and every engine-only method answers "not configured" instead of failing oddly.
// Replaced by the real factory in main/app/index.ts; delete this file then.
import type { ConnectorStatus } from '../../preload/api.ts';
import { OperatorError, type EngineHandlers } from '../engine/dispatch.ts';
import type { CreateShellEngine } from './shell-engine.ts';

const notWired = () => {
  throw new OperatorError('not-configured', 'This build has no sync engine yet.');
};

export const createPlaceholderEngine: CreateShellEngine = async (deps) => {
  const status: ConnectorStatus = {
    connection: { kind: 'not-configured' },
    lastSyncAt: null,
    nextSyncAt: null,
    counts: { importedToday: 0, ordersTotal: 0, shipmentsTotal: 0, pendingDeliveries: 0, trackingPosted: 0, errorsToday: 0 },
    secret: { expiresOn: null, daysLeft: null },
    refreshToken: { lastRefreshAt: null, issuedAt: null, slidingWindowDays: deps.settings.get().slidingWindowDays },
    storedSecrets: { clientSecret: false, password: false },
  };
  const handlers: EngineHandlers = {
    appInfo: () => ({ name: 'DropStream Connector', version: deps.appVersion, mode: 'electron' }),
    getStatus: () => status,
    getSettings: () => deps.settings.get(),
    updateSettings: (patch) => deps.settings.update(patch),
    testConnection: notWired,
    saveSetup: notWired,
    syncNow: notWired,
    pause: notWired,
    resume: notWired,
    listOrders: () => ({ orders: [], total: 0 }),
    getOrder: () => null,
    listActivity: () => [],
  };
  return {
    handlers,
    getStatus: () => status,
    onStatus: () => () => undefined,
    onEvent: () => () => undefined,
    syncNow: async () => undefined,
    pause: async () => undefined,
    resume: async () => undefined,
    stop: async () => undefined,
  };
};
