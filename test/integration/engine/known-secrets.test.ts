// Every secret the engine comes to hold (the tokens it is issued, a new client secret it is asked to
// prove, the webhook's API key and signing secret) is masked by value in the log file and the
// activity log, whatever text carries it there: a backstop behind each request's own scrubbing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rotateClientSecret } from '../../../main/engine/credential-actions.ts';
import { testConnection } from '../../../main/engine/setup-actions.ts';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { engineAgainst, simSetupInput } from '../../support/engine-harness.ts';
import { filesUnder, findLeaks } from '../../support/leak-scan.ts';
import { startReceiver } from '../delivery/webhook-receiver.ts';

const LISTS = /\/(SalesOrder|Shipment|StockItem)$/;

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ orders: 3 });
});
afterAll(() => sim.stop());
afterEach(() => sim.reset());

type Engine = Awaited<ReturnType<typeof engineAgainst>>;

/** Writes `value` into a log line and an activity entry, as an echo in any message would. */
function echo(engine: Engine, label: string, value: string): void {
  engine.log.logger.warn({ detail: `the server said: ${value} is not valid` }, `echo of the ${label}`);
  engine.connector.ledger.activity.record({ level: 'warn', kind: 'test.echo', message: `Echo of the ${label}: ${value} is not valid.` });
}

describe('the secrets the engine holds are masked by value in the log and the activity log', () => {
  it('an access token quoted by an Acumatica error page', async () => {
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      const accessToken = sim.inspect.issuedTokens().access.at(-1)!;
      // An error page that names the session it was asked under, without "Bearer" to give it away.
      sim.faults.rewrite(
        (response) => ({ ...response, status: 500, headers: { 'content-type': 'text/plain' }, body: `Session ${accessToken} is in an inconsistent state.` }),
        { method: 'GET', path: LISTS, times: Infinity },
      );
      const failure = await engine.connector.syncOnce().then(() => null, (error: unknown) => error);
      expect(failure).toMatchObject({ message: expect.stringContaining('is in an inconsistent state') });
      const files = filesUnder(engine.dataDir);
      // The failure did reach both: the log file and the ledger's activity.
      expect(files.some((file) => file.where.includes('logs') && file.bytes.includes('inconsistent state'))).toBe(true);
      expect(engine.connector.ledger.activity.listKindSince('sync.failed', 0).some((a) => a.message.includes('inconsistent state'))).toBe(true);
      expect(findLeaks([{ label: 'access token', value: accessToken }], files)).toEqual([]);
    } finally {
      await engine.dispose();
    }
  });

  it('the refresh token, a new client secret being proven, and the webhook API key and signing secret', async () => {
    const apiKey = 'KnownSecret-ApiKey-5c3e81a0';
    const signingSecret = 'KnownSecret-Signing-7f20d4b9';
    const receiver = await startReceiver({ apiKey, secret: signingSecret });
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.vault.setMany({ webhookApiKey: apiKey, webhookSigningSecret: signingSecret });
      engine.connector.applySettings({ destinations: { webhook: { url: receiver.url, timeoutSeconds: 5 }, folder: null } });
      sim.admin.createOrder({ orderType: 'SO', status: 'Open' });
      const cycle = await engine.connector.syncOnce();
      expect(cycle.deliveries.delivered).toBeGreaterThan(0);
      const refreshToken = sim.inspect.issuedTokens().refresh.at(-1)!;
      const newSecret = 'KnownSecret-NotYetAccepted-2b9d';
      await expect(rotateClientSecret(engine.connector, newSecret, null)).rejects.toThrow(/keeps using the old secret/);

      const needles = [
        { label: 'refresh token', value: refreshToken },
        { label: 'new client secret', value: newSecret },
        { label: 'webhook API key', value: apiKey },
        { label: 'webhook signing secret', value: signingSecret },
      ];
      for (const { label, value } of needles) echo(engine, label, value);
      const files = filesUnder(engine.dataDir);
      expect(findLeaks([{ label: 'the echo', value: 'is not valid' }], files).length).toBeGreaterThan(0);
      expect(findLeaks(needles, files)).toEqual([]);
    } finally {
      await engine.dispose();
      await receiver.close();
    }
  });

  it('the running connection\'s, after the Setup form tested other values', async () => {
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      const accessToken = sim.inspect.issuedTokens().access.at(-1)!;
      // Values typed into the form and tested, not saved: a wrong secret twice, then two other valid
      // secrets, whose tests each sign in (and out) a session of their own.
      for (const typed of ['Typed-Wrong-Secret-81c4', 'Typed-Wrong-Secret-93d5']) {
        expect(await testConnection(engine.connector, simSetupInput(sim, { clientSecret: typed }))).toMatchObject({ ok: false });
      }
      for (let i = 0; i < 2; i += 1) {
        expect(await testConnection(engine.connector, simSetupInput(sim, { clientSecret: sim.admin.addSecret({}).value }))).toMatchObject({ ok: true });
      }
      expect(sim.inspect.issuedTokens().access.length).toBeGreaterThanOrEqual(3);
      const needles = [
        { label: 'client secret in use', value: sim.credentials.clientSecret },
        { label: 'access token in use', value: accessToken },
      ];
      for (const { label, value } of needles) echo(engine, label, value);
      expect(findLeaks(needles, filesUnder(engine.dataDir))).toEqual([]);
    } finally {
      await engine.dispose();
    }
  });

  it('of months of hourly access tokens, only the latest few are remembered', async () => {
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      for (let hour = 0; hour < 5; hour += 1) {
        sim.admin.expireAccessTokens();
        await engine.connector.syncOnce();
      }
      const issued = sim.inspect.issuedTokens().access;
      expect(issued).toHaveLength(6);
      const { redactText } = engine.log.redactor;
      // The one in use and the one before it (a request sent with it may still be answering).
      for (const token of issued.slice(-2)) expect(redactText(`x ${token} x`)).not.toContain(token);
      // An older one has expired long ago: forgotten, so the list does not grow by one an hour.
      for (const token of issued.slice(0, -2)) expect(redactText(`x ${token} x`)).toContain(token);
    } finally {
      await engine.dispose();
    }
  });
});
