import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../../preload/api.ts';
import type { EngineHandlers } from '../../../main/engine/dispatch.ts';
import { MAX_EVENT_STREAMS } from '../../../main/headless/event-stream.ts';
import { startService, type RunningService } from '../../../main/headless/server.ts';

// Real HTTP against the real service, with a renderer folder of one page and a minimal engine.
let service: RunningService;
let publish: (event: EventName, payload: unknown) => void = () => {};
const rendererDir = mkdtempSync(join(tmpdir(), 'ds-renderer-'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>DropStream Connector</title>');
writeFileSync(join(tmpdir(), 'ds-outside.txt'), 'outside');

const handlers = {
  appInfo: () => ({ name: 'DropStream Connector', version: '0.0.0-test', mode: 'headless' as const }),
} as unknown as EngineHandlers;

beforeAll(async () => {
  service = await startService({
    rendererDir,
    handlers,
    subscribe(listener) {
      publish = listener;
      return () => {
        publish = () => {};
      };
    },
  });
});
afterAll(() => service.close());

function call(path: string, init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {}) {
  return request(`${service.origin}${path}`, { method: init.method ?? 'POST', headers: init.headers ?? {}, body: init.body });
}
const auth = () => ({ authorization: `Bearer ${service.token}`, 'content-type': 'application/json' });
/** A method call with the token to a service of the test's own. */
function callOwn(own: RunningService, path: string) {
  return request(`${own.origin}${path}`, { method: 'POST', headers: { authorization: `Bearer ${own.token}`, 'content-type': 'application/json' } });
}

describe('headless service security', () => {
  it('binds to loopback and prints a URL that carries the launch token', () => {
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('answers a method call that carries the token', async () => {
    const res = await call('/api/appInfo', { headers: auth() });
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({ ok: true, value: { name: 'DropStream Connector', version: '0.0.0-test', mode: 'headless' } });
  });

  it('refuses a missing or wrong token with 401', async () => {
    expect((await call('/api/appInfo', { headers: { 'content-type': 'application/json' } })).statusCode).toBe(401);
    expect((await call('/api/appInfo', { headers: { ...auth(), authorization: 'Bearer nope' } })).statusCode).toBe(401);
    // The query-string token is accepted for the event stream only (EventSource cannot set headers).
    expect((await call(`/api/appInfo?token=${service.token}`, { headers: { 'content-type': 'application/json' } })).statusCode).toBe(401);
  });

  it('refuses a foreign Host header with 403 (DNS rebinding)', async () => {
    const res = await call('/api/appInfo', { headers: { ...auth(), host: `evil.example:${service.port}` } });
    expect(res.statusCode).toBe(403);
    const page = await call('/', { method: 'GET', headers: { host: 'evil.example' } });
    expect(page.statusCode).toBe(403);
  });

  it('takes the Bearer scheme in any case, and refuses a request with two Host headers', async () => {
    expect((await call('/api/appInfo', { headers: { ...auth(), authorization: `bearer ${service.token}` } })).statusCode).toBe(200);
    const twoHosts = rawRequest(service.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${service.port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n`);
    expect(await twoHosts).toMatch(/^HTTP\/1\.1 403/);
  });

  it('answers a malformed path or request target with 400, not an internal error', async () => {
    const badEscape = await call('/%E0%A4%A', { method: 'GET' });
    expect(badEscape.statusCode).toBe(400);
    expect(await badEscape.body.text()).toMatch(/not valid percent-encoding/);
    const badTarget = rawRequest(service.port, `GET http://[bad/ HTTP/1.1\r\nHost: 127.0.0.1:${service.port}\r\nConnection: close\r\n\r\n`);
    expect(await badTarget).toMatch(/^HTTP\/1\.1 400/);
  });

  it('refuses a cross-origin POST with 403, and a non-JSON POST with 415', async () => {
    expect((await call('/api/appInfo', { headers: { ...auth(), origin: 'https://evil.example' } })).statusCode).toBe(403);
    expect((await call('/api/appInfo', { headers: { ...auth(), origin: service.origin } })).statusCode).toBe(200);
    expect((await call('/api/appInfo', { headers: { ...auth(), 'content-type': 'text/plain' } })).statusCode).toBe(415);
  });

  it('answers an invalid payload with a named error instead of calling the engine', async () => {
    const res = await call('/api/pause', { headers: auth(), body: JSON.stringify({ minutes: 'soon' }) });
    // A client error, as HTTP says it: a script checking the status sees it was refused.
    expect(res.statusCode).toBe(400);
    const body = (await res.body.json()) as { ok: boolean; error: { code: string; field: string } };
    expect(body).toMatchObject({ ok: false, error: { code: 'invalid-request', field: 'minutes' } });
    // A field the contract does not know is named, not silently dropped.
    const extra = await call('/api/pause', { headers: auth(), body: JSON.stringify({ minutes: 5, extra: 1 }) });
    expect(extra.statusCode).toBe(400);
    expect(await extra.body.json()).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringMatching(/Unrecognized key.*extra/) } });
    const broken = await call('/api/pause', { headers: auth(), body: '{"minutes":' });
    expect(broken.statusCode).toBe(400);
    // Bytes that are not UTF-8 were read as U+FFFD: a tracking number or a password with one was
    // stored as something the operator never typed.
    const latin1 = await request(`${service.origin}/api/addTracking`, {
      method: 'POST',
      headers: auth(),
      body: Buffer.from('{"target":{"kind":"shipment","shipmentNbr":"000001"},"trackingNbr":"1Z\xe9"}', 'latin1'),
    });
    expect(latin1.statusCode).toBe(400);
    expect(await latin1.body.json()).toEqual({ ok: false, error: { code: 'invalid-request', message: 'The request body is not valid UTF-8: send the JSON text encoded as UTF-8.' } });
  });

  it('refuses a body over the limit with 413 and closes that connection, so the next call is not reset', async () => {
    const agent = new Agent({ connections: 1 });
    try {
      const post = (body: string) => request(`${service.origin}/api/appInfo`, { method: 'POST', headers: auth(), body, dispatcher: agent });
      const tooLarge = await post('x'.repeat(2 * 1024 * 1024));
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.headers.connection).toBe('close');
      expect(await tooLarge.body.json()).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringMatching(/too large/) } });
      // The connection it came on said keep-alive and was then reset: this call failed with ECONNRESET.
      expect((await post('')).statusCode).toBe(200);
    } finally {
      await agent.close();
    }
  });

  it('serves the page with a strict CSP, no caching, no referrer, and nothing outside the root', async () => {
    const page = await call('/', { method: 'GET' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    await page.body.text();
    const escape = await call('/..%2fds-outside.txt', { method: 'GET' });
    expect([403, 404]).toContain(escape.statusCode);
    expect(await escape.body.text()).not.toContain('outside');
  });

  it('streams engine events to a page that holds the token, and refuses one without it', async () => {
    expect((await call('/api/events', { method: 'GET' })).statusCode).toBe(401);
    const stream = await call(`/api/events?token=${service.token}`, { method: 'GET' });
    expect(stream.statusCode).toBe(200);
    expect(stream.headers['content-type']).toMatch(/text\/event-stream/);
    let received = '';
    const arrived = new Promise<void>((resolve) => {
      stream.body.on('data', (chunk: Buffer) => {
        received += chunk.toString();
        if (received.includes('SO000042')) resolve();
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    publish('orders', [{ orderType: 'SO', orderNbr: 'SO000042' }]);
    await arrived;
    expect(received).toContain('event: orders\ndata: [{"orderType":"SO","orderNbr":"SO000042"}]');
    stream.body.destroy();
  });
});

/** Sends `raw` on a fresh socket and resolves with everything the server answers before it closes. */
function rawRequest(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(raw));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('headless service event streams', () => {
  it(`turns away more than ${MAX_EVENT_STREAMS} open event streams with a retry later, and takes new ones as others close`, async () => {
    const own = await startService({ rendererDir, handlers, subscribe: () => () => {} });
    try {
      const open = await Promise.all(Array.from({ length: MAX_EVENT_STREAMS }, () => request(`${own.origin}/api/events?token=${own.token}`)));
      expect(open.map((res) => res.statusCode)).toEqual(Array(MAX_EVENT_STREAMS).fill(200));
      // EventSource gives up for good on an error status: the extra page is told to come back later.
      const extra = await request(`${own.origin}/api/events?token=${own.token}`);
      expect(extra.statusCode).toBe(200);
      expect(await extra.body.text()).toMatch(/too many open pages[^\n]*\nretry: 30000\n\n$/);
      open[0]!.body.destroy();
      await expect.poll(async () => {
        const again = await request(`${own.origin}/api/events?token=${own.token}`);
        let first = '';
        await new Promise<void>((resolve) => again.body.once('data', (chunk: Buffer) => ((first = chunk.toString()), resolve())));
        again.body.destroy();
        return first;
      }).toBe('retry: 2000\n\n');
      for (const res of open) res.body.destroy();
    } finally {
      await own.close();
    }
  });
});

describe('headless service shutdown', () => {
  /** A raw socket, as a browser holds one: sends `head`, collects what comes back. */
  function rawClient(port: number, head: string) {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
    });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(head);
    return { socket, closed, received: () => received };
  }

  it('close() resolves at once while a page holds the event stream and has a request half sent', async () => {
    const own = await startService({ rendererDir, handlers, subscribe: () => () => {} });
    const host = `Host: 127.0.0.1:${own.port}\r\n`;
    // The page's EventSource: a kept-alive stream that never lets go (and would reconnect)…
    const stream = rawClient(own.port, `GET /api/events?token=${own.token} HTTP/1.1\r\n${host}Connection: keep-alive\r\n\r\n`);
    // …and a call whose body has not all arrived: before closeAllConnections, close() waited for it.
    const call = rawClient(
      own.port,
      `POST /api/appInfo HTTP/1.1\r\n${host}Authorization: Bearer ${own.token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
    );
    await expect.poll(() => stream.received()).toContain('retry:');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await Promise.all([stream.closed, call.closed]);
  });

  it('cuts a request left half sent after the request timeout with 408, and keeps an event stream open past it', async () => {
    let calls = 0;
    const counting = { ...handlers, appInfo: (payload: undefined) => ((calls += 1), handlers.appInfo(payload)) } as unknown as EngineHandlers;
    const own = await startService({ rendererDir, handlers: counting, subscribe: () => () => {}, requestTimeoutMs: 500 });
    try {
      const host = `Host: 127.0.0.1:${own.port}\r\n`;
      const stream = rawClient(own.port, `GET /api/events?token=${own.token} HTTP/1.1\r\n${host}Connection: keep-alive\r\n\r\n`);
      const call = rawClient(
        own.port,
        `POST /api/appInfo HTTP/1.1\r\n${host}Authorization: Bearer ${own.token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
      );
      // Before: held for Node's default five minutes.
      await call.closed;
      expect(call.received()).toMatch(/^HTTP\/1\.1 408 /);
      expect(calls).toBe(0);
      // The stream was received whole at once: still open, and still delivering.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(stream.socket.destroyed).toBe(false);
      expect((await callOwn(own, '/api/appInfo')).statusCode).toBe(200);
      stream.socket.destroy();
    } finally {
      await own.close();
    }
  });

  it('close() lets a call being answered finish before it closes the connection', async () => {
    let release: () => void = () => {};
    let called: () => void = () => {};
    const handlerCalled = new Promise<void>((resolve) => (called = resolve));
    const appInfo = () => {
      called();
      return new Promise((resolve) => (release = () => resolve({ name: 'DropStream Connector', version: 'slow', mode: 'headless' })));
    };
    const own = await startService({ rendererDir, handlers: { ...handlers, appInfo } as unknown as EngineHandlers, subscribe: () => () => {} });
    const answer = request(`${own.origin}/api/appInfo`, { method: 'POST', headers: { authorization: `Bearer ${own.token}`, 'content-type': 'application/json' } });
    await handlerCalled;
    const closing = own.close();
    setTimeout(() => release(), 200);
    const res = await answer;
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toMatchObject({ ok: true, value: { version: 'slow' } });
    await closing;
  });

  it('during a stop, a kept-alive connection takes no new call: the answer closes it', async () => {
    let release: () => void = () => {};
    let calls = 0;
    let firstCall: () => void = () => {};
    const firstCalled = new Promise<void>((resolve) => (firstCall = resolve));
    const appInfo = () => {
      calls += 1;
      firstCall();
      return new Promise((resolve) => (release = () => resolve({ name: 'DropStream Connector', version: 'slow', mode: 'headless' })));
    };
    const own = await startService({ rendererDir, handlers: { ...handlers, appInfo } as unknown as EngineHandlers, subscribe: () => () => {} });
    const call = `POST /api/appInfo HTTP/1.1\r\nHost: 127.0.0.1:${own.port}\r\nAuthorization: Bearer ${own.token}\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n`;
    // A page's kept-alive socket: a slow call is being answered when the stop begins…
    const client = rawClient(own.port, call);
    await firstCalled;
    const closing = own.close();
    release();
    await expect.poll(() => client.received()).toContain('"version":"slow"');
    // …and as soon as its answer is in, the page sends its next call on the same socket.
    if (!client.socket.destroyed) client.socket.write(call);
    await client.closed;
    await closing;
    expect(calls).toBe(1);
    const answers = client.received().split('HTTP/1.1 ').filter(Boolean);
    expect(answers[0]).toMatch(/^200 OK\r\n/);
    expect(answers[0]).toMatch(/\r\nconnection: close\r\n/i);
    // The next call, if the server read it at all, was refused with the reason.
    for (const refused of answers.slice(1)) expect(refused).toMatch(/^503 [^]*The connector is stopping\./);
  });

  it('during a stop, a call whose body was still arriving is refused with the reason, not run', async () => {
    let release: () => void = () => {};
    const called: string[] = [];
    let firstCall: () => void = () => {};
    const firstCalled = new Promise<void>((resolve) => (firstCall = resolve));
    const appInfo = () => {
      called.push('appInfo');
      firstCall();
      return new Promise((resolve) => (release = () => resolve({ name: 'DropStream Connector', version: 'slow', mode: 'headless' })));
    };
    const syncNow = async () => void called.push('syncNow');
    const own = await startService({ rendererDir, handlers: { ...handlers, appInfo, syncNow } as unknown as EngineHandlers, subscribe: () => () => {} });
    const head = (method: string, length: number) =>
      `POST /api/${method} HTTP/1.1\r\nHost: 127.0.0.1:${own.port}\r\nAuthorization: Bearer ${own.token}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
    // A slow call holds the stop open; another page's call has sent its headers, not its body.
    const slow = rawClient(own.port, head('appInfo', 0));
    const late = rawClient(own.port, `${head('syncNow', 4)}nu`); // `null`: no payload
    await firstCalled;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = own.close();
    late.socket.write('ll');
    await late.closed;
    release();
    await Promise.all([slow.closed, closing]);
    expect(called).toEqual(['appInfo']);
    expect(late.received()).toMatch(/^HTTP\/1\.1 503 [^]*"The connector is stopping\."/);
    expect(slow.received()).toContain('"version":"slow"');
  });

  it('without a stop, the same kept-alive connection answers both calls', async () => {
    let calls = 0;
    const appInfo = async () => ({ name: 'DropStream Connector', version: String((calls += 1)), mode: 'headless' });
    const own = await startService({ rendererDir, handlers: { ...handlers, appInfo } as unknown as EngineHandlers, subscribe: () => () => {} });
    try {
      const call = `POST /api/appInfo HTTP/1.1\r\nHost: 127.0.0.1:${own.port}\r\nAuthorization: Bearer ${own.token}\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n`;
      const client = rawClient(own.port, call + call);
      await expect.poll(() => client.received().split('HTTP/1.1 200 OK').length - 1).toBe(2);
      expect(calls).toBe(2);
      client.socket.destroy();
    } finally {
      await own.close();
    }
  });
});
