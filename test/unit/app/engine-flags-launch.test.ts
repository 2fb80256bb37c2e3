import { describe, expect, it } from 'vitest';
import { RELAUNCHED_ENV, relaunchForEngineFlags } from '../../../main/app/engine-flags-launch.ts';
import { HIDDEN_FLAG } from '../../../main/app/login-item.ts';
import { ENGINE_V8_FLAGS_TEXT } from '../../../main/engine/v8-flags.ts';

const packaged = { argv: ['C:\\Program Files\\DropStream Connector\\DropStream Connector.exe'], isPackaged: true, env: {}, launchedHidden: false };
const flags = `--js-flags=${ENGINE_V8_FLAGS_TEXT}`;

describe('starting the desktop app with the engine V8 flags', () => {
  it('starts a packaged app again with the flags, keeping its own arguments', () => {
    expect(relaunchForEngineFlags({ ...packaged, argv: [...packaged.argv, HIDDEN_FLAG] }, ENGINE_V8_FLAGS_TEXT)).toEqual({ args: [HIDDEN_FLAG, flags] });
    expect(ENGINE_V8_FLAGS_TEXT).toContain('--max-semi-space-size=');
  });

  it('keeps a macOS login start hidden: the relaunched process is not the one the login item opened', () => {
    expect(relaunchForEngineFlags({ ...packaged, argv: ['/Applications/DropStream Connector.app/Contents/MacOS/DropStream Connector'], launchedHidden: true }, ENGINE_V8_FLAGS_TEXT)).toEqual({
      args: [HIDDEN_FLAG, flags],
    });
  });

  it('relaunches an AppImage through the AppImage file, not the binary in its temporary mount', () => {
    expect(relaunchForEngineFlags({ ...packaged, argv: ['/tmp/.mount_DropStXYZ/dropstream-connector'], env: { APPIMAGE: '/home/ops/DropStream.AppImage' } }, ENGINE_V8_FLAGS_TEXT)).toEqual({
      args: [flags],
      execPath: '/home/ops/DropStream.AppImage',
    });
  });

  it('carries on when the flags are on the command line already', () => {
    expect(relaunchForEngineFlags({ ...packaged, argv: [...packaged.argv, flags] }, ENGINE_V8_FLAGS_TEXT)).toBeNull();
  });

  it('relaunches at most once, even if the flags were not passed on', () => {
    expect(relaunchForEngineFlags({ ...packaged, env: { [RELAUNCHED_ENV]: '1' } }, ENGINE_V8_FLAGS_TEXT)).toBeNull();
  });

  it('never relaunches a development build, which electron-vite or Playwright started', () => {
    expect(relaunchForEngineFlags({ ...packaged, argv: ['/repo/node_modules/electron/dist/electron', '.'], isPackaged: false }, ENGINE_V8_FLAGS_TEXT)).toBeNull();
  });
});
