import { describe, expect, it } from 'vitest';
import { RELAUNCHED_ENV, relaunchArgsForEngineFlags } from '../../../main/app/engine-flags-launch.ts';
import { ENGINE_V8_FLAGS_TEXT } from '../../../main/engine/v8-flags.ts';

const packaged = { argv: ['C:\\Program Files\\DropStream Connector\\DropStream Connector.exe'], isPackaged: true, env: {} };

describe('starting the desktop app with the engine V8 flags', () => {
  it('starts a packaged app again with the flags, keeping its own arguments', () => {
    expect(relaunchArgsForEngineFlags({ ...packaged, argv: [...packaged.argv, '--hidden'] }, ENGINE_V8_FLAGS_TEXT)).toEqual([
      '--hidden',
      `--js-flags=${ENGINE_V8_FLAGS_TEXT}`,
    ]);
    expect(ENGINE_V8_FLAGS_TEXT).toContain('--max-semi-space-size=');
  });

  it('carries on when the flags are on the command line already', () => {
    expect(relaunchArgsForEngineFlags({ ...packaged, argv: [...packaged.argv, `--js-flags=${ENGINE_V8_FLAGS_TEXT}`] }, ENGINE_V8_FLAGS_TEXT)).toBeNull();
  });

  it('relaunches at most once, even if the flags were not passed on', () => {
    expect(relaunchArgsForEngineFlags({ ...packaged, env: { [RELAUNCHED_ENV]: '1' } }, ENGINE_V8_FLAGS_TEXT)).toBeNull();
  });

  it('never relaunches a development build, which electron-vite or Playwright started', () => {
    expect(relaunchArgsForEngineFlags({ argv: ['/repo/node_modules/electron/dist/electron', '.'], isPackaged: false, env: {} }, ENGINE_V8_FLAGS_TEXT)).toBeNull();
  });
});
