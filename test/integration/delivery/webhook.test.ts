// The outbox delivering to a real webhook receiver over HTTP(S): signatures and idempotency keys
// hold through 500s, a 429, a parked 400, and a crash between sending and marking delivered.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTls } from '../../acumatica-sim/tls.ts';
import { enqueueChanges, OutboxWorker, type OutboxLedger } from '../../../main/delivery/outbox.ts';
import { WebhookDestination } from '../../../main/delivery/webhook-destination.ts';
import { openLedger, type Ledger } from '../../../main/store/index.ts';
import { fakeClock, makeOrder } from '../../unit/store/fixtures.ts';
import { startReceiver, type Receiver } from './webhook-receiver.ts';

const API_KEY = 'ak_live_4f9c2e7d1b';
const SECRET = 'whsec_9a8b7c6d5e4f3a2b1c';
const NO_PROXY = { httpProxy: '', httpsProxy: '', noProxy: '' };
const POLICY = { baseMs: 30_000, maxMs: 3_600_000, maxAttempts: 5 };

let clock: ReturnType<typeof fakeClock>;
let ledger: Ledger;
let receiver: Receiver;
let webhook: WebhookDestination;

function worker(target: OutboxLedger = ledger): OutboxWorker {
  return new OutboxWorker({ ledger: target, destinations: [webhook], policy: POLICY, random: () => 0.5 });
}

function importOrder(nbr: string, lastModified = '2026-11-28T10:15:30.457-05:00'): void {
  ledger.transaction(() => {
    ledger.orders.upsertOrders([makeOrder({ orderNbr: nbr, lastModified })]);
    enqueueChanges(ledger, ['webhook'], { orders: [{ orderType: 'SO', orderNbr: nbr, lastModified }], shipments: [] });
  });
}

async function start(tls?: { key: string; cert: string; caPem: string }): Promise<void> {
  receiver = await startReceiver({ apiKey: API_KEY, secret: SECRET, tls, now: clock.now });
  webhook = new WebhookDestination({
    settings: { url: receiver.url, timeoutSeconds: 5 },
    secrets: async () => ({ apiKey: API_KEY, signingSecret: SECRET }),
    now: clock.now,
    proxy: NO_PROXY,
    extraCaPem: tls?.caPem,
  });
}

beforeEach(() => {
  clock = fakeClock();
  ledger = openLedger({ path: ':memory:', now: clock.now });
});
afterEach(async () => {
  await webhook.close();
  await receiver.close();
  ledger.close();
});

describe('webhook delivery', () => {
  beforeEach(() => start());

  it('retries 500s with backoff, then delivers with a valid signature and the same Idempotency-Key each time', async () => {
    importOrder('SO000001');
    receiver.script.push(500, 503);
    expect(await worker().runOnce({ now: clock.now() })).toMatchObject({ retried: 1 });
    expect(await worker().runOnce({ now: clock.now() })).toMatchObject({ retried: 0, delivered: 0 }); // not due yet
    clock.advance(30_000);
    expect(await worker().runOnce({ now: clock.now() })).toMatchObject({ retried: 1 });
    clock.advance(59_999);
    expect(await worker().runOnce({ now: clock.now() })).toMatchObject({ delivered: 0 });
    clock.advance(1);
    expect(await worker().runOnce({ now: clock.now() })).toMatchObject({ delivered: 1 });
    expect(receiver.requests.map((r) => r.status)).toEqual([500, 503, 200]);
    expect(receiver.requests.every((r) => r.signatureValid && r.apiKeyValid && r.schemaValid)).toBe(true);
    expect(new Set(receiver.requests.map((r) => r.idempotencyKey))).toEqual(new Set(['order:SO/SO000001@2026-11-28T10:15:30.457-05:00']));
    expect(receiver.accepted).toHaveLength(1);
    expect(ledger.outbox.countByStatus()).toEqual({ pending: 0, delivered: 1, parked: 0, dropped: 0 });
  });

  it('treats 429 and 408 as retryable, and parks a 400 with the reason, never the API key', async () => {
    importOrder('SO000002');
    importOrder('SO000003');
    receiver.script.push(429);
    await worker().runOnce({ now: clock.now() });
    expect(receiver.requests).toHaveLength(1); // the destination is skipped for the rest of this run
    clock.advance(60_000);
    receiver.script.push(408, 200, 400);
    await worker().runOnce({ now: clock.now() }); // 408 retry for SO000002 stops this run
    clock.advance(120_000);
    const result = await worker().runOnce({ now: clock.now() });
    expect(result).toMatchObject({ delivered: 1, parked: 1 });
    const [parked] = ledger.outbox.listByStatus('parked', 10);
    expect(parked?.recordKey).toBe('SO/SO000003');
    expect(parked?.lastError).toContain('HTTP 400');
    expect(parked?.lastError).not.toContain(API_KEY); // the receiver echoed it back
    const activity = ledger.activity.listForSubjects([{ type: 'order', orderType: 'SO', orderNbr: 'SO000003' }]);
    expect(activity.some((a) => a.kind === 'outbox.parked.webhook' && !a.message.includes(API_KEY))).toBe(true);

    worker().retryParked(parked!.id);
    await worker().runOnce({ now: clock.now() });
    expect(ledger.outbox.countByStatus()).toEqual({ pending: 0, delivered: 2, parked: 0, dropped: 0 });
  });

  it('a 429 or 503 with Retry-After is asked again no sooner than that, and no later than the longest backoff', async () => {
    importOrder('SO000011');
    receiver.script.push({ status: 429, headers: { 'retry-after': '600' } });
    await worker().runOnce({ now: clock.now() });
    clock.advance(POLICY.baseMs * 2); // past the first backoff, well before the receiver's 10 minutes
    await worker().runOnce({ now: clock.now() });
    expect(receiver.requests).toHaveLength(1);
    clock.advance(600_000 - POLICY.baseMs * 2);
    receiver.script.push({ status: 503, headers: { 'retry-after': new Date(clock.now() + 7_200_000).toUTCString() } });
    await worker().runOnce({ now: clock.now() });
    expect(receiver.requests).toHaveLength(2);
    expect(ledger.outbox.listByStatus('pending', 1)[0]?.nextAttemptAt).toBe(clock.now() + POLICY.maxMs); // two hours asked, one granted
    clock.advance(POLICY.maxMs);
    expect(await worker().runOnce({ now: clock.now() })).toMatchObject({ delivered: 1 });
  });

  it('a redirect is not followed, and the error names where it points (without its query)', async () => {
    importOrder('SO000012');
    receiver.script.push({ status: 301, headers: { location: 'https://hooks.example.com/v2/dropstream?state=abc123' } });
    expect(await worker().runOnce({ now: clock.now() })).toMatchObject({ retried: 1, delivered: 0 });
    expect(receiver.requests).toHaveLength(1);
    const [job] = ledger.outbox.listByStatus('pending', 1);
    expect(job?.lastError).toMatch(/^The webhook answered HTTP 301 \(a redirect to https:\/\/hooks\.example\.com\/v2\/dropstream, which the connector does not follow: if that is the receiver's address, set it as the webhook URL\)/);
    expect(job?.lastError).not.toContain('abc123');
  });

  it('a redirect whose address carries the API key it was sent names it without the key', async () => {
    importOrder('SO000013');
    receiver.script.push({ status: 307, headers: { location: `/hooks/${API_KEY}/retry` } });
    expect(await worker().runOnce({ now: clock.now() })).toMatchObject({ retried: 1, delivered: 0 });
    const [job] = ledger.outbox.listByStatus('pending', 1);
    expect(job?.lastError).toContain('/hooks/***/retry, which the connector does not follow');
    expect(job?.lastError).not.toContain(API_KEY);
  });

  it('a crash after sending and before markDelivered re-sends the same key, and the receiver dedupes', async () => {
    importOrder('SO000004');
    const crashing: OutboxLedger = {
      ...ledger,
      orders: ledger.orders,
      shipments: ledger.shipments,
      activity: ledger.activity,
      outbox: {
        enqueue: (...a) => ledger.outbox.enqueue(...a),
        listByStatus: (...a) => ledger.outbox.listByStatus(...a),
        recordFailure: (...a) => ledger.outbox.recordFailure(...a),
        park: (...a) => ledger.outbox.park(...a),
        retryParked: (...a) => ledger.outbox.retryParked(...a),
        destinationsOwed: () => ledger.outbox.destinationsOwed(),
        dropOwed: (...a) => ledger.outbox.dropOwed(...a),
        markDelivered: () => {
          throw new Error('process killed');
        },
      },
    };
    await expect(worker(crashing).runOnce({ now: clock.now() })).rejects.toThrow('process killed');
    expect(ledger.outbox.countByStatus().pending).toBe(1);
    // The restarted process:
    expect(await worker().runOnce({ now: clock.now() })).toMatchObject({ delivered: 1 });
    expect(receiver.requests.map((r) => [r.idempotencyKey, r.duplicate])).toEqual([
      ['order:SO/SO000004@2026-11-28T10:15:30.457-05:00', false],
      ['order:SO/SO000004@2026-11-28T10:15:30.457-05:00', true],
    ]);
    expect(receiver.accepted).toHaveLength(1);
  });

  it('delivers versions of a record in order, superseding an older pending version with the newer data', async () => {
    importOrder('SO000005', '2026-11-28T10:00:00.000-05:00');
    receiver.script.push(500);
    await worker().runOnce({ now: clock.now() });
    importOrder('SO000005', '2026-11-28T11:00:00.000-05:00');
    const result = await worker().runOnce({ now: clock.now() });
    expect(result).toMatchObject({ superseded: 1, delivered: 1 });
    expect(receiver.accepted.map((p) => p.idempotencyKey)).toEqual(['order:SO/SO000005@2026-11-28T11:00:00.000-05:00']);
  });

  it('parks after the last attempt with the last error', async () => {
    importOrder('SO000006');
    for (let i = 0; i < POLICY.maxAttempts; i++) {
      receiver.script.push(502);
      await worker().runOnce({ now: clock.now() });
      clock.advance(POLICY.maxMs * 2);
    }
    const [parked] = ledger.outbox.listByStatus('parked', 1);
    expect(parked?.attempts).toBe(POLICY.maxAttempts);
    expect(parked?.lastError).toMatch(/^Gave up after 5 attempts: The webhook answered HTTP 502/);
  });

  it('an operator retry of a job parked after its last attempt gets the full retry budget again', async () => {
    importOrder('SO000009');
    for (let i = 0; i < POLICY.maxAttempts; i++) {
      receiver.script.push(502);
      await worker().runOnce({ now: clock.now() });
      clock.advance(POLICY.maxMs * 2);
    }
    const [parked] = ledger.outbox.listByStatus('parked', 1);
    worker().retryParked(parked!.id);
    // The receiver is back, but answers one 503 while it warms up: a passing failure, not a refusal.
    receiver.script.push(503);
    expect(await worker().runOnce({ now: clock.now() })).toMatchObject({ retried: 1, parked: 0 });
    clock.advance(POLICY.baseMs);
    expect(await worker().runOnce({ now: clock.now() })).toMatchObject({ delivered: 1 });
    expect(ledger.outbox.countByStatus()).toEqual({ pending: 0, delivered: 1, parked: 0, dropped: 0 });
  });

  it('retries, without sending, while the secrets are not in the vault', async () => {
    importOrder('SO000007');
    const unkeyed = new WebhookDestination({ settings: { url: receiver.url, timeoutSeconds: 5 }, secrets: async () => ({ apiKey: undefined, signingSecret: SECRET }), proxy: NO_PROXY });
    const result = await new OutboxWorker({ ledger, destinations: [unkeyed] }).runOnce({ now: clock.now() });
    await unkeyed.close();
    expect(result.retried).toBe(1);
    expect(receiver.requests).toHaveLength(0);
    expect(ledger.outbox.listByStatus('pending', 1)[0]?.lastError).toContain('API key is not stored');
    // Where to store it: no screen of the app takes webhook secrets.
    expect(ledger.outbox.listByStatus('pending', 1)[0]?.lastError).toContain('deliveries set-webhook-secrets');
  });

  it('a receiver that is down is a retry naming the address', async () => {
    importOrder('SO000008');
    await receiver.close();
    await worker().runOnce({ now: clock.now() });
    expect(ledger.outbox.listByStatus('pending', 1)[0]?.lastError).toMatch(/Could not reach the webhook at http:\/\/127\.0\.0\.1:\d+/);
  });
});

describe('webhook over HTTPS', () => {
  it('delivers to a receiver whose certificate comes from an extra CA', async () => {
    const tls = await createTls();
    await start(tls);
    importOrder('SO000010');
    expect(await worker().runOnce({ now: clock.now() })).toMatchObject({ delivered: 1 });
    expect(receiver.requests[0]).toMatchObject({ signatureValid: true, apiKeyValid: true });
  });
});

describe('webhook against a receiver whose answer never ends', () => {
  /** Answers every request with `status` and a body that `stream` writes until the client hangs up. */
  async function startEndless(status: number, stream: (res: ServerResponse) => () => void): Promise<{ url: string; requests: number; close(): Promise<void> }> {
    const server = createServer((req, res) => {
      state.requests += 1;
      req.resume();
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.on('close', stream(res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const state = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/dropstream`,
      requests: 0,
      close: () => new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    };
    return state;
  }

  /** The run, or 'still running' when it has not finished in `ms`. */
  const within = <T>(ms: number, run: Promise<T>) =>
    Promise.race([run, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), ms).unref())]);

  let endless: Awaited<ReturnType<typeof startEndless>>;
  // The file's afterEach closes `receiver`; these tests' receiver is `endless`, closed here.
  beforeEach(() => {
    receiver = { close: async () => undefined } as Receiver;
  });
  afterEach(() => endless.close());

  it('a 2xx whose body trickles forever is delivered once the timeout has passed, not waited on for ever', async () => {
    endless = await startEndless(200, (res) => {
      const timer = setInterval(() => res.write('.'), 100);
      return () => clearInterval(timer);
    });
    webhook = new WebhookDestination({ settings: { url: endless.url, timeoutSeconds: 1 }, secrets: async () => ({ apiKey: API_KEY, signingSecret: SECRET }), now: clock.now, proxy: NO_PROXY });
    importOrder('SO000020');
    expect(await within(10_000, worker().runOnce({ now: clock.now() }))).toMatchObject({ delivered: 1 });
    expect(endless.requests).toBe(1);
  });

  it('an error answer with an endless body is a retry with its start as the reason, read without buffering the rest', async () => {
    const chunk = `${'overloaded '.repeat(6000)}\n`; // ~64 KiB, written every 10 ms: ~6 MB/s for ever
    endless = await startEndless(503, (res) => {
      const timer = setInterval(() => res.write(chunk), 10);
      return () => clearInterval(timer);
    });
    webhook = new WebhookDestination({ settings: { url: endless.url, timeoutSeconds: 30 }, secrets: async () => ({ apiKey: API_KEY, signingSecret: SECRET }), now: clock.now, proxy: NO_PROXY });
    importOrder('SO000021');
    expect(await within(5_000, worker().runOnce({ now: clock.now() }))).toMatchObject({ retried: 1 });
    const [pending] = ledger.outbox.listByStatus('pending', 1);
    expect(pending?.lastError).toMatch(/^The webhook answered HTTP 503: overloaded overloaded/);
    expect(pending?.lastError?.length).toBeLessThan(300);
  });
});

describe('webhook error texts', () => {
  // The file's afterEach closes `receiver`; this test's receiver is its own server.
  beforeEach(() => {
    receiver = { close: async () => undefined } as Receiver;
  });

  /** Parks one order against a receiver that answers `status` with `body`; the job's last error. */
  async function lastErrorFrom(body: string, secrets: { apiKey: string; signingSecret: string }, status = 400): Promise<string | null | undefined> {
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/dropstream`;
      webhook = new WebhookDestination({ settings: { url, timeoutSeconds: 5 }, secrets: async () => secrets, now: clock.now, proxy: NO_PROXY });
      importOrder('SO000031');
      expect(await worker().runOnce({ now: clock.now() })).toMatchObject({ parked: 1 });
      return ledger.outbox.listByStatus('parked', 1)[0]?.lastError;
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  // A key and a secret with the characters encoders change: '/', '+', '&', a quote, a space.
  const KEY = 'ak_live/4f9c+2e7d&1b';
  const SIGNING = 'whsec 9a8b"7c6d/5e4f+3a2b';
  it.each([
    ['as PHP\'s json_encode writes them (/ as \\/)', (s: string) => JSON.stringify(s).slice(1, -1).replaceAll('/', '\\/')],
    ['as .NET\'s System.Text.Json writes them (+ as \\u002B)', (s: string) => s.replace(/[+&"'<>]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)],
    ['as HTML numeric character references (+ as &#x2B;, as .NET\'s HtmlEncoder writes it)', (s: string) => s.replace(/[+&"'<>/]/g, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`)],
    ['HTML-encoded', (s: string) => s.replaceAll('&', '&amp;').replaceAll('"', '&quot;')],
    ['URL-encoded in lower-case hex (as .NET\'s HttpUtility.UrlEncode writes them)', (s: string) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())],
    ['form-encoded', (s: string) => new URLSearchParams({ s }).toString().slice(2)],
  ])('a receiver echoing the API key and the signing secret %s leaves neither in the error', async (_style, encode) => {
    const error = await lastErrorFrom(`{"error":"unknown key ${encode(KEY)}","signedWith":"${encode(SIGNING)}"}`, { apiKey: KEY, signingSecret: SIGNING });
    expect(error).toMatch(/^The webhook answered HTTP 400: \{"error":"unknown key .+","signedWith":".+"\}$/);
    for (const part of ['4f9c', '2e7d', '9a8b', '7c6d', '5e4f', '3a2b']) expect(error).not.toContain(part);
  });

  it('a receiver echoing the API key where the excerpt ends leaves no part of the key in the error', async () => {
    // The key starts 10 characters before the excerpt's end: cut first and scrubbed after, the
    // error kept those 10 characters, which no by-value redaction recognises as part of a secret.
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end(`${'x'.repeat(189)} ${API_KEY} is not a key we know`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/dropstream`;
      webhook = new WebhookDestination({ settings: { url, timeoutSeconds: 5 }, secrets: async () => ({ apiKey: API_KEY, signingSecret: SECRET }), now: clock.now, proxy: NO_PROXY });
      importOrder('SO000030');
      expect(await worker().runOnce({ now: clock.now() })).toMatchObject({ parked: 1 });
      const [parked] = ledger.outbox.listByStatus('parked', 1);
      expect(parked?.lastError).toMatch(/^The webhook answered HTTP 401: x{189} /);
      expect(parked?.lastError).not.toContain(API_KEY.slice(0, 6));
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
