import { describe, expect, it } from 'vitest';
import { createConnectorApi, ConnectorError, type ConnectorTransport } from '../../../preload/api.ts';
import { dispatch, OperatorError, type EngineHandlers } from '../../../main/engine/dispatch.ts';

// A transport that goes straight to the dispatcher: the same path IPC and HTTP take, minus the wire.
function loopbackApi(handlers: Partial<EngineHandlers>) {
  const transport: ConnectorTransport = {
    invoke: (method, request) => dispatch(handlers as EngineHandlers, method, request),
    on: () => () => {},
  };
  return createConnectorApi(transport);
}

describe('dispatch', () => {
  it('passes a valid request to the handler and returns its validated answer', async () => {
    const api = loopbackApi({ appInfo: () => ({ name: 'DropStream Connector', version: '1.0.0', mode: 'headless' }) });
    await expect(api.appInfo()).resolves.toEqual({ name: 'DropStream Connector', version: '1.0.0', mode: 'headless' });
  });

  it('refuses a payload that fails the schema without calling the handler', async () => {
    let called = false;
    const envelope = await dispatch(
      { pause: () => { called = true; throw new Error('unreachable'); } } as unknown as EngineHandlers,
      'pause',
      { minutes: -5 },
    );
    expect(called).toBe(false);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid-request', field: 'minutes' } });
  });

  it('refuses a member no request has in every method, also inside a tracking target, naming it', async () => {
    const calls: string[] = [];
    const handlers = new Proxy({} as EngineHandlers, { get: (_, method: string) => () => void calls.push(method) });
    // A mistyped "limt" listed 200 orders as if asked for them; a "__proto__" in a target was dropped.
    const listOrders = await dispatch(handlers, 'listOrders', { limt: 10 });
    expect(listOrders).toEqual({ ok: false, error: { code: 'invalid-request', message: 'Unrecognized key: "limt"' } });
    const getOrder = await dispatch(handlers, 'getOrder', JSON.parse('{"orderType":"SO","orderNbr":"SO1","__proto__":{"polluted":true}}'));
    expect(getOrder).toEqual({ ok: false, error: { code: 'invalid-request', message: 'Unrecognized key: "__proto__"' } });
    const target = { kind: 'shipment', shipmentNbr: '000001', orderNbr: 'SO1' };
    const addTracking = await dispatch(handlers, 'addTracking', { target, trackingNbr: '1Z' });
    expect(addTracking).toEqual({ ok: false, error: { code: 'invalid-request', message: 'Unrecognized key: "orderNbr"', field: 'target' } });
    expect(calls).toEqual([]);
  });

  it('refuses text with a lone surrogate, naming the field, before any handler sees it', async () => {
    const calls: string[] = [];
    const handlers = new Proxy({} as EngineHandlers, { get: (_, method: string) => () => void calls.push(method) });
    // JSON's "\ud800" and an IPC string can carry half a character: a password with one was stored,
    // then sent as U+FFFD and rejected, and an Instance URL had it turned into %EF%BF%BD.
    const message = 'This text holds half of a character (a lone UTF-16 surrogate): type or paste it again.';
    expect(await dispatch(handlers, 'updatePassword', { password: 'pw\uD800' })).toEqual({ ok: false, error: { code: 'invalid-request', message, field: 'password' } });
    const setup = { instanceUrl: 'https://erp.example.com/\uDC00', clientId: '03539A80-9BBD-231F-0435-7FBC92E9CD3F@Co', username: 'dropstream' };
    expect(await dispatch(handlers, 'saveSetup', { setup })).toEqual({ ok: false, error: { code: 'invalid-request', message, field: 'setup.instanceUrl' } });
    expect(await dispatch(handlers, 'listOrders', { text: '\uD83D' })).toMatchObject({ error: { field: 'text' } });
    expect(calls).toEqual([]);
  });

  it('names an unknown member or a bad value in a message of a few lines, not by repeating a megabyte', async () => {
    const handlers = new Proxy({} as EngineHandlers, { get: () => () => undefined });
    const megabyte = 'k'.repeat(1_000_000);
    const short = async (method: Parameters<typeof dispatch>[1], payload: unknown) => {
      const envelope = await dispatch(handlers, method, payload);
      if (envelope.ok) throw new Error('expected a refusal');
      expect(envelope.error.message.length).toBeLessThan(300);
      return envelope.error;
    };
    expect(await short('pause', { minutes: 5, [megabyte]: 1 })).toEqual({ code: 'invalid-request', message: `Unrecognized key: "${'k'.repeat(40)}…"` });
    const many = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`extra${i}`, i]));
    expect((await short('listActivity', many)).message).toBe('Unrecognized keys: "extra0", "extra1", "extra2" and 997 more');
    expect((await short('updateSettings', { orderTypes: [megabyte] })).message).toMatch(/^"k{40}…" is not an order type/);
    expect((await short('updateSettings', { destinations: { folder: { path: '/srv', [megabyte]: 1 } } })).message).toMatch(/^Unknown key "k{40}…": the keys here are "path" and "format"\.$/);
    expect((await short('testConnection', { instanceUrl: `a b${'k'.repeat(2000)}`, clientId: 'x', username: 'u' })).message).toMatch(/^"a bk{37}…" is not a web address/);
  });

  it('carries an operator error with its code and field to the caller', async () => {
    const api = loopbackApi({
      getOrder: () => {
        throw new OperatorError('not-configured', 'Set up the connection first.', 'instanceUrl');
      },
    });
    const failure = await api.getOrder({ orderType: 'SO', orderNbr: 'SO1' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectorError);
    expect(failure).toMatchObject({ code: 'not-configured', field: 'instanceUrl', message: 'Set up the connection first.' });
  });

  it('treats an answer that breaks the contract as a failure, not as data', async () => {
    const envelope = await dispatch({ appInfo: () => ({ name: 1 }) } as unknown as EngineHandlers, 'appInfo', undefined);
    expect(envelope.ok).toBe(false);
  });
});
