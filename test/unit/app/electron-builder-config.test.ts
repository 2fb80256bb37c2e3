// electron-builder.yml against electron-builder's own JSON schema, plus the security choices the
// schema cannot express.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

interface BuilderConfig {
  appId: string;
  productName: string;
  asar: boolean;
  files: string[];
  publish: unknown;
  extraResources: Array<{ from: string; to: string }>;
  electronFuses: Record<string, boolean>;
  win: { icon: string };
  nsis: { oneClick: boolean; perMachine: boolean };
  mac: { icon: string; target: string[]; extendInfo: Record<string, unknown> };
  linux: { icon: string; target: string[] };
}

const config = load(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's schema", () => {
    const schema = JSON.parse(readFileSync(resolve(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('names the app as the AppUserModelID in main does, and publishes nothing', () => {
    const main = readFileSync(resolve(root, 'main/app/index.ts'), 'utf8');
    expect(main).toContain(`const APP_ID = '${config.appId}'`);
    expect(config.productName).toBe('DropStream Connector');
    expect(config.publish).toBeNull();
    expect(config.asar).toBe(true);
  });

  it('packs only the three builds of the app: out/ also collects benchmark bundles, screenshots and scratch sources', () => {
    // electron-vite empties out/main, out/preload and out/renderer only; whatever else a bench or
    // e2e run left in out/ would otherwise ship inside app.asar.
    expect(config.files).toEqual(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']);
  });

  it('burns the hardening fuses, keeping inspect off except in the e2e build', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      // The UI comes from app://, so file:// pages get no more than a browser gives them.
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the renderer folder the app:// handler serves from', () => {
    // main/app/index.ts serves join(out/main, '../renderer'): out/renderer inside app.asar.
    const main = readFileSync(resolve(root, 'main/app/index.ts'), 'utf8');
    expect(main).toContain("root: join(here, '../renderer')");
    expect(config.files).toContain('out/renderer/**');
  });

  it('installs per user on Windows, and builds dmg, AppImage and deb', () => {
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false });
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.mac.extendInfo.LSUIElement).toBe(true);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it('points at icons and tray assets that exist', () => {
    for (const icon of [config.win.icon, config.mac.icon, config.linux.icon]) expect(() => readFileSync(resolve(root, icon))).not.toThrow();
    expect(config.extraResources).toEqual([{ from: 'assets/tray', to: 'tray' }]);
  });
});
