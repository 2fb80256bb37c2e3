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
