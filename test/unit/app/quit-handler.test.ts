import { describe, expect, it } from 'vitest';
import { installQuitHandler } from '../../../main/app/quit-handler.ts';
import { fakeTimers } from './fixtures.ts';

function setup(stop: () => Promise<void>) {
  const timers = fakeTimers();
  const log: string[] = [];
  let listener: ((event: { preventDefault(): void }) => void) | null = null;
  const app = {
    on: (_event: 'before-quit', handler: (event: { preventDefault(): void }) => void) => void (listener = handler),
    quit: () => {
      log.push('quit');
      beforeQuit();
    },
  };
  const beforeQuit = () => {
    let prevented = false;
    listener?.({ preventDefault: () => (prevented = true) });
    log.push(prevented ? 'held' : 'allowed');
  };
  installQuitHandler({ app, beforeStop: () => log.push('beforeStop'), stop, onError: (error) => log.push(`error ${String(error)}`), setTimeout: timers.setTimeout, timeoutMs: 1000 });
  return { log, beforeQuit, timers };
}

describe('quit', () => {
  it('holds the quit until the engine has stopped, then lets it through', async () => {
    let finish: () => void = () => undefined;
    const { log, beforeQuit } = setup(() => new Promise<void>((resolve) => (finish = () => (log.push('stopped'), resolve()))));
    beforeQuit();
    beforeQuit();
    expect(log).toEqual(['beforeStop', 'held', 'held']);
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['beforeStop', 'held', 'held', 'stopped', 'quit', 'allowed']);
  });

  it('quits anyway when stopping fails or hangs', async () => {
    const failing = setup(() => Promise.reject(new Error('sign-out failed')));
    failing.beforeQuit();
    await new Promise((resolve) => setImmediate(resolve));
    expect(failing.log).toEqual(['beforeStop', 'held', 'error Error: sign-out failed', 'quit', 'allowed']);

    const hanging = setup(() => new Promise<void>(() => undefined));
    hanging.beforeQuit();
    hanging.timers.advance(1000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(hanging.log.slice(-2)).toEqual(['quit', 'allowed']);
  });
});
