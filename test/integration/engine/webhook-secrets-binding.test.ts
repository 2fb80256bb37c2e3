// The webhook's API key and signing secret go only to the receiver they were stored for: pointing the
// webhook URL at another host must not hand that host the old receiver's key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { engineAgainst } from '../../support/engine-harness.ts';
import { startReceiver, type Receiver } from '../delivery/webhook-receiver.ts';
import { createHandlers } from '../../../main/engine/handlers.ts';
import { dispatch } from '../../../main/engine/dispatch.ts';

let sim: Simulator;
let first: Receiver;
let second: Receiver;
beforeAll(async () => {
  sim = await startSimulator({ orders: 20 });
  // Two ports: two origins, as two receivers' hosts are.
  first = await startReceiver({ apiKey: 'first-key-51c2', secret: 'first-signing-9d1e' });
  second = await startReceiver({ apiKey: 'second-key-77a0', secret: 'second-signing-3b4f' });
});
afterAll(async () => {
  await Promise.all([sim.stop(), first.close(), second.close()]);
});

const webhookTo = (url: string) => ({ destinations: { webhook: { url, timeoutSeconds: 5 }, folder: null } });

describe('webhook secrets bound to their receiver', () => {
  it('are not sent to a new webhook URL on another host until that receiver’s pair is stored', async () => {
    const engine = await engineAgainst(sim);
    try {
      const handlers = createHandlers(engine.connector, { name: 'DropStream Connector', version: 'test', mode: 'headless' });
      engine.connector.applySettings(webhookTo(first.url));
      expect(await dispatch(handlers, 'setWebhookSecrets', { apiKey: 'first-key-51c2', signingSecret: 'first-signing-9d1e' })).toMatchObject({ ok: true, value: { storedForOtherReceiver: null } });
      const delivered = await engine.connector.syncOnce();
      expect(delivered.deliveries.delivered).toBeGreaterThan(0);
      expect(first.accepted).toHaveLength(delivered.deliveries.delivered);

      // The admin points the webhook at another receiver: the first one's key must not go there.
      engine.connector.applySettings(webhookTo(second.url));
      const [order] = engine.connector.ledger.orders.listOrders({ limit: 1 }).orders;
      sim.admin.modifyOrder(order!.orderType, order!.orderNbr, { description: 'changed after the move' });
      sim.clock.advance(1_000);
      const held = await engine.connector.syncOnce();
      expect(held.deliveries.delivered).toBe(0);
      expect(second.requests).toHaveLength(0);
      const [waiting] = engine.connector.ledger.outbox.listByStatus('pending', 5);
      expect(waiting?.lastError).toBe(
        `The webhook secrets were stored for ${new URL(first.url).origin}, not ${new URL(second.url).origin}, and are not sent to another receiver. Store this receiver's API key and signing secret on the Deliveries tab (Webhook secrets) or with \`connector deliveries set-webhook-secrets\`.`,
      );
      expect(await dispatch(handlers, 'webhookSecretsStored', undefined)).toEqual({ ok: true, value: { apiKey: true, signingSecret: true, storedForOtherReceiver: new URL(first.url).origin } });

      await dispatch(handlers, 'setWebhookSecrets', { apiKey: 'second-key-77a0', signingSecret: 'second-signing-3b4f' });
      await engine.connector.syncOnce();
      expect(second.accepted.length).toBeGreaterThan(0);
      expect(second.requests.every((request) => request.apiKeyValid && request.signatureValid)).toBe(true);
      expect(engine.connector.ledger.outbox.countByStatus()).toMatchObject({ pending: 0, parked: 0 });
    } finally {
      await engine.dispose();
    }
  });

  it('a pair stored before the binding existed takes the receiver it is first sent to', async () => {
    const engine = await engineAgainst(sim);
    try {
      // As an earlier release stored them: the two secrets and no receiver beside them.
      await engine.connector.vault.setMany({ webhookApiKey: 'first-key-51c2', webhookSigningSecret: 'first-signing-9d1e' });
      engine.connector.applySettings(webhookTo(first.url));
      const before = first.accepted.length;
      expect((await engine.connector.syncOnce()).deliveries.delivered).toBeGreaterThan(0);
      expect(first.accepted.length).toBeGreaterThan(before);
      expect(await engine.connector.vault.get('webhookSecretsFor')).toBe(new URL(first.url).origin);
    } finally {
      await engine.dispose();
    }
  });
});
