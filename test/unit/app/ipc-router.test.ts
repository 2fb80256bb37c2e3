import { describe, expect, it } from 'vitest';
import { registerContract, senderIsOneOf, type InvokeSource, type IpcRegistrar } from '../../../main/app/ipc-router.ts';
import { rendererLocation } from '../../../main/app/renderer-location.ts';
import type { EngineHandlers } from '../../../main/engine/dispatch.ts';
import { methods, type Envelope } from '../../../preload/api.ts';
import { makeStatus } from './fixtures.ts';

type Listener = (event: InvokeSource, ...args: unknown[]) => Promise<Envelope>;

function fakeIpc() {
  const handlers = new Map<string, Listener>();
  const registrar: IpcRegistrar = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { registrar, handlers };
}

const OUR_URL = 'app://dropstream/index.html#/dashboard';
const ourContents = {};
const topFrame = (url = OUR_URL) => ({ parent: null, url });
const trusted = senderIsOneOf(() => [ourContents], rendererLocation({}).isOurUrl);

function setup() {
  const ipc = fakeIpc();
  const calls: unknown[] = [];
  const handlers = {
    pause: (request: unknown) => {
      calls.push(request);
      return makeStatus({ kind: 'paused', until: null });
    },
  } as unknown as EngineHandlers;
  const unregister = registerContract(ipc.registrar, handlers, trusted);
  const invoke = (source: InvokeSource, ...args: unknown[]) => ipc.handlers.get(methods.pause.channel)!(source, ...args);
  return { ipc, calls, unregister, invoke };
}

describe('IPC router', () => {
  it('registers every method of the contract on its prefixed channel, and removes them all', () => {
    const { ipc, unregister } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.values(methods).map((method) => method.channel).sort());
    expect([...ipc.handlers.keys()].every((channel) => channel.startsWith('connector:'))).toBe(true);
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('answers a valid request from our window with the handler’s validated result', async () => {
    const { calls, invoke } = setup();
    const envelope = await invoke({ sender: ourContents, senderFrame: topFrame() }, { minutes: 60 });
    expect(envelope).toMatchObject({ ok: true, value: { connection: { kind: 'paused' } } });
    expect(calls).toEqual([{ minutes: 60 }]);
  });

  it.each([
    ['another web contents', { sender: {}, senderFrame: topFrame() }],
    ['a subframe of our window', { sender: ourContents, senderFrame: { parent: {}, url: OUR_URL } }],
    ['our window after navigating elsewhere', { sender: ourContents, senderFrame: topFrame('https://evil.example/') }],
    ['our window showing another file of the app origin', { sender: ourContents, senderFrame: topFrame('app://dropstream/assets/index.js') }],
    ['our window showing the built page from file://', { sender: ourContents, senderFrame: topFrame('file:///opt/dropstream/resources/app.asar/out/renderer/index.html') }],
    ['a frame that is gone', { sender: ourContents, senderFrame: null }],
  ])('refuses %s without calling the engine', async (_name, source) => {
    const { calls, invoke } = setup();
    const envelope = await invoke(source, { minutes: 60 });
    expect(envelope).toEqual({ ok: false, error: { code: 'refused', message: expect.stringContaining('Refused') } });
    expect(calls).toEqual([]);
  });

  it('refuses a payload that fails its schema, naming the field', async () => {
    const { calls, invoke } = setup();
    const envelope = await invoke({ sender: ourContents, senderFrame: topFrame() }, { minutes: 'forever' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid-request', field: 'minutes' } });
    expect(calls).toEqual([]);
  });

  it('refuses extra arguments smuggled after the payload', async () => {
    const { calls, invoke } = setup();
    const envelope = await invoke({ sender: ourContents, senderFrame: topFrame() }, { minutes: 5 }, 'extra');
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(calls).toEqual([]);
  });
});
