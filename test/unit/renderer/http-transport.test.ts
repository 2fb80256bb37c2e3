// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { createConnectorApi, ConnectorError } from '../../../preload/api.ts';
import { createHttpTransport } from '../../../renderer/src/api/http-transport.ts';
import { takeLaunchToken } from '../../../renderer/src/api/launch-token.ts';
import { chooseApi } from '../../../renderer/src/api/choose-api.ts';
import { makeStatus } from './fake-transport.ts';

class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readonly listeners = new Map<string, ((event: MessageEvent) => void)[]>();
  closed = false;
  readyState = 0;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  send(type: string, data = '') {
    for (const listener of this.listeners.get(type) ?? []) listener(new MessageEvent(type, { data }));
  }
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('HTTP transport', () => {
  it('POSTs /api/<method> with the bearer token and hands back the envelope unchanged', async () => {
    const envelope = { ok: true, value: makeStatus() };
    const fetch = vi.fn(async () => jsonResponse(200, envelope));
    const transport = createHttpTransport({ token: 'tok en', fetch, EventSource: FakeEventSource as unknown as typeof EventSource });
    expect(await transport.invoke('getStatus', undefined)).toEqual(envelope);
    expect(await transport.invoke('pause', { minutes: 60 })).toEqual(envelope);
    expect(fetch.mock.calls).toEqual([
      ['/api/getStatus', { method: 'POST', headers: { Authorization: 'Bearer tok en', 'Content-Type': 'application/json' }, body: 'null' }],
      ['/api/pause', { method: 'POST', headers: { Authorization: 'Bearer tok en', 'Content-Type': 'application/json' }, body: '{"minutes":60}' }],
    ]);
  });

  it('passes a failure envelope through, so createConnectorApi throws it with its field', async () => {
    const fetch = vi.fn(async () => jsonResponse(400, { ok: false, error: { code: 'invalid-request', message: 'Bad Client ID', field: 'setup.clientId' } }));
    const api = createConnectorApi(createHttpTransport({ token: 't', fetch }));
    const error = await api.getStatus().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'invalid-request', field: 'setup.clientId', message: 'Bad Client ID' });
  });

  it('turns a refused token and an unreachable service into messages the operator can act on', async () => {
    const refused = createHttpTransport({ token: 't', fetch: async () => new Response('nope', { status: 401 }) });
    expect(await refused.invoke('getStatus', undefined)).toMatchObject({ ok: false, error: { code: 'refused', message: expect.stringMatching(/launch token.*\?token=/) } });
    const down = createHttpTransport({ token: 't', fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    expect(await down.invoke('getStatus', undefined)).toMatchObject({ ok: false, error: { code: 'failed', message: expect.stringMatching(/Cannot reach the connector service/) } });
    const odd = createHttpTransport({ token: 't', fetch: async () => new Response('<html>', { status: 502, statusText: 'Bad Gateway' }) });
    expect(await odd.invoke('getStatus', undefined)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/502 Bad Gateway/) } });
  });

  it('shares one EventSource between listeners, parses JSON and closes after the last unsubscribe', () => {
    FakeEventSource.instances = [];
    const transport = createHttpTransport({ token: 'a/b', fetch: vi.fn(), EventSource: FakeEventSource as unknown as typeof EventSource });
    const statuses: unknown[] = [];
    const orders: unknown[] = [];
    const offStatus = transport.on('status', (payload) => statuses.push(payload));
    const offOrders = transport.on('orders', (payload) => orders.push(payload));
    const offOrders2 = transport.on('orders', (payload) => orders.push(payload));
    expect(FakeEventSource.instances).toHaveLength(1);
    const source = FakeEventSource.instances[0]!;
    expect(source.url).toBe('/api/events?token=a%2Fb');
    expect(source.listeners.get('orders')).toHaveLength(1);
    source.send('status', '{"a":1}');
    source.send('orders', '[1,2]');
    source.send('orders', 'not json');
    expect(statuses).toEqual([{ a: 1 }]);
    expect(orders).toEqual([[1, 2], [1, 2]]);
    offStatus();
    offOrders();
    expect(source.closed).toBe(false);
    offOrders2();
    expect(source.closed).toBe(true);
    transport.on('activity', () => {});
    expect(FakeEventSource.instances).toHaveLength(2);
  });

  it('tells whether live updates arrive: reconnecting while the browser retries, lost once it gave up', () => {
    FakeEventSource.instances = [];
    const transport = createHttpTransport({ token: 't', fetch: vi.fn(), EventSource: FakeEventSource as unknown as typeof EventSource });
    const links: string[] = [];
    transport.onLink((link) => links.push(link));
    transport.on('status', () => {});
    const source = FakeEventSource.instances[0]!;
    source.send('open');
    source.send('error');
    source.send('error');
    source.send('open');
    source.readyState = 2;
    source.send('error');
    expect(links).toEqual(['reconnecting', 'live', 'lost']);
  });

  it('drops events that fail their schema before a listener sees them', () => {
    FakeEventSource.instances = [];
    const api = createConnectorApi(createHttpTransport({ token: 't', fetch: vi.fn(), EventSource: FakeEventSource as unknown as typeof EventSource }));
    const seen: unknown[] = [];
    api.on('status', (status) => seen.push(status.connection.kind));
    FakeEventSource.instances[0]!.send('status', JSON.stringify({ connection: { kind: 'bogus' } }));
    FakeEventSource.instances[0]!.send('status', JSON.stringify(makeStatus()));
    expect(seen).toEqual(['connected']);
  });
});

function host(href: string, stored: string | null = null) {
  const storage = new Map<string, string>(stored ? [['dropstream.launchToken', stored]] : []);
  const replaced: string[] = [];
  return {
    replaced,
    storage,
    location: { href },
    history: { state: null, replaceState: (_state: unknown, _unused: string, url?: string | URL | null) => void replaced.push(String(url)) },
    sessionStorage: { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => void storage.set(key, value) },
  };
}

describe('launch token', () => {
  it('takes the token from the address, keeps it for the tab and removes it from the address bar', () => {
    const page = host('http://127.0.0.1:4567/?token=abc123&x=1#orders');
    expect(takeLaunchToken(page)).toBe('abc123');
    expect(page.storage.get('dropstream.launchToken')).toBe('abc123');
    expect(page.replaced).toEqual(['/?x=1#orders']);
  });

  it('falls back to the stored token after a reload', () => {
    const page = host('http://127.0.0.1:4567/', 'kept');
    expect(takeLaunchToken(page)).toBe('kept');
    expect(page.replaced).toEqual([]);
  });

  it('chooses Electron when window.connector is there, HTTP with a token, and says when neither is', () => {
    const electron = { invoke: vi.fn(), on: vi.fn() };
    expect(chooseApi({ ...host('file:///index.html'), connector: electron }).kind).toBe('electron');
    const makeHttp = vi.fn(() => ({ invoke: vi.fn(), on: vi.fn(), onLink: vi.fn() }));
    expect(chooseApi(host('http://127.0.0.1:1/?token=t'), makeHttp).kind).toBe('headless');
    expect(makeHttp).toHaveBeenCalledWith({ token: 't' });
    expect(chooseApi(host('http://127.0.0.1:1/')).kind).toBe('unavailable');
    expect(chooseApi({ ...host('http://127.0.0.1:1/'), connector: { invoke: 'nope' } }).kind).toBe('unavailable');
  });
});
