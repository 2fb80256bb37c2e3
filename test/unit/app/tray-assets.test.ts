// The committed outputs of scripts/make-icons.ts: every tray state has its file on every
// platform, ICOs are well-formed PNG containers with the sizes Windows asks for.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trayIconPath } from '../../../main/app/tray-icons.ts';
import { TRAY_ICONS } from '../../../main/app/tray-model.ts';

const trayDir = resolve(import.meta.dirname, '../../../assets/tray');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

function icoSizes(ico: Buffer): number[] {
  expect(ico.readUInt16LE(0)).toBe(0);
  expect(ico.readUInt16LE(2)).toBe(1);
  const count = ico.readUInt16LE(4);
  return Array.from({ length: count }, (_, index) => {
    const entry = 6 + 16 * index;
    const size = ico.readUInt8(entry) || 256;
    const png = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
    expect(pngSize(png)).toEqual([size, size]);
    return size;
  });
}

describe.each(TRAY_ICONS)('tray icon %s', (icon) => {
  it('has a multi-size ICO for Windows', () => {
    const sizes = icoSizes(readFileSync(trayIconPath(trayDir, icon, 'win32')));
    expect(sizes).toEqual(expect.arrayContaining([16, 20, 24, 32, 48]));
  });

  it('has a Template PNG with @2x for macOS and a PNG for Linux', () => {
    const template = trayIconPath(trayDir, icon, 'darwin');
    expect(template.endsWith(`${icon}Template.png`)).toBe(true);
    expect(pngSize(readFileSync(template))).toEqual([16, 16]);
    expect(pngSize(readFileSync(template.replace('Template.png', 'Template@2x.png')))).toEqual([32, 32]);
    expect(pngSize(readFileSync(trayIconPath(trayDir, icon, 'linux')))).toEqual([32, 32]);
  });

  it('is generated from a committed SVG source', () => {
    expect(existsSync(resolve(trayDir, '../tray-src', `${icon}.svg`))).toBe(true);
  });
});

describe('error icon', () => {
  it('differs in colour from the grey states, not only in shade', () => {
    const source = (name: string) => readFileSync(resolve(trayDir, '../tray-src', `${name}.svg`), 'utf8');
    const colours = (svg: string) => new Set(svg.match(/#[0-9a-f]{6}/gi));
    const error = colours(source('error'));
    for (const other of ['not-configured', 'paused', 'connected', 'syncing', 'attention']) {
      for (const colour of colours(source(other))) expect(error.has(colour)).toBe(false);
    }
  });
});
