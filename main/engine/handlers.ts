// The contract's methods, answered by the engine. Shared by Electron IPC and the headless API.
import type { OrderDetail } from '../../preload/api.ts';
import type { Connector } from './connector.ts';
import type { EngineHandlers } from './dispatch.ts';
import { lineViews } from './enrich-lines.ts';
import { explainingLedgerFailures } from './ledger-failure-handlers.ts';
import { toActivityEntry, toOrderSummary } from './events.ts';
import { fulfillmentHandlers } from './fulfillment-handlers.ts';
import { rotateClientSecret, updatePassword } from './credential-actions.ts';
import { refusePassedExpiry, saveSetup, testConnection } from './setup-actions.ts';

export function createHandlers(connector: Connector, app: { name: string; version: string; mode: 'electron' | 'headless' }): EngineHandlers {
  return explainingLedgerFailures({
    ...fulfillmentHandlers(connector),
    appInfo: () => app,
    getStatus: () => connector.status(),
    getSettings: () => connector.settings.all(),
    updateSettings(patch) {
      if (patch.secretExpiresOn !== undefined) refusePassedExpiry(patch.secretExpiresOn, connector.settings.get('secretExpiresOn'));
      return connector.applySettings(patch);
    },
    testConnection: (setup) => testConnection(connector, setup),
    async saveSetup({ setup, saveUntested }) {
      await saveSetup(connector, setup, saveUntested);
      connector.start();
      connector.syncSoon();
      return connector.status();
    },
    syncNow() {
      // Answer at once with "syncing"; the cycle's progress arrives as events.
      void connector.syncNow();
      return connector.status();
    },
    pause({ minutes }) {
      connector.pause(minutes);
      return connector.status();
    },
    resume() {
      connector.resume();
      return connector.status();
    },
    listOrders(query) {
      const result = connector.ledger.orders.listOrders({
        limit: query.limit,
        offset: query.offset,
        ...(query.text ? { search: query.text } : {}),
        ...(query.status ? { status: query.status } : {}),
      });
      return { orders: result.orders.map(toOrderSummary), total: result.total };
    },
    getOrder(key) {
      const detail = connector.ledger.orders.getOrder(key);
      const summary = connector.ledger.orders.summariesOf([key])[0];
      if (!detail || !summary) return null;
      const { order } = detail;
      const result: OrderDetail = {
        ...toOrderSummary(summary),
        date: order.date,
        customerOrder: order.customerOrder,
        shipVia: order.shipVia,
        shipTo: order.shipTo,
        lines: lineViews(connector.ledger, order.lines),
        timeline: detail.timeline.map((entry) => ({ at: new Date(entry.at).toISOString(), kind: entry.kind, message: entry.message })),
      };
      return result;
    },
    async rotateSecret({ newSecret, expiresOn }) {
      await rotateClientSecret(connector, newSecret, expiresOn);
      void connector.syncNow();
      return connector.status();
    },
    async updatePassword({ password }) {
      await updatePassword(connector, password);
      void connector.syncNow();
      return connector.status();
    },
    snoozeSecretReminder() {
      connector.applySettings({ secretReminderSnoozedUntil: new Date(Date.now() + 24 * 60 * 60_000).toISOString() });
      return connector.status();
    },
    listActivity({ limit, minLevel }) {
      return connector.ledger.activity.listRecent({ limit, minLevel }).map(toActivityEntry);
    },
  });
}
