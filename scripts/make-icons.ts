// Rasterises the SVG sources into the icons the app ships, and is committed with its outputs:
//   assets/tray-src/<state>.svg -> assets/tray/<state>.ico            Windows (16..64 px, every DPI step)
//                                  assets/tray/<state>Template.png    macOS, monochrome, 16 px + @2x
//                                  assets/tray/<state>.png            Linux, colour, 32 px
//   assets/icon.svg             -> assets/icon.png (1024 px), assets/icon.ico (16..256 px)
// Run: node scripts/make-icons.ts   (Node 24 strips the types)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

const root = resolve(import.meta.dirname, '..');
const sourceDir = join(root, 'assets', 'tray-src');
const trayDir = join(root, 'assets', 'tray');

/** 100% to 400% display scaling of a 16 px tray icon; Windows picks the closest. */
const WINDOWS_TRAY_SIZES = [16, 20, 24, 32, 40, 48, 64];
const APP_ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

function render(svg: string, size: number): Buffer {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng());
}

/** macOS template images carry only alpha: every colour becomes black, the shape stays. */
function monochrome(svg: string): string {
  return svg.replace(/#[0-9a-fA-F]{6}\b/g, '#000000');
}

/**
 * An ICO container of PNG images (supported since Windows Vista): a 6-byte header, one 16-byte
 * directory entry per image, then the PNGs. Width and height 0 mean 256.
 */
export function icoFromPngs(images: Array<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt8(0, 2);
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

function ico(svg: string, sizes: number[]): Buffer {
  return icoFromPngs(sizes.map((size) => ({ size, png: render(svg, size) })));
}

function write(path: string, data: Buffer): void {
  writeFileSync(path, data);
  console.log(`${path.slice(root.length + 1)}  ${data.length} bytes`);
}

mkdirSync(trayDir, { recursive: true });
for (const file of readdirSync(sourceDir).filter((name) => name.endsWith('.svg')).sort()) {
  const state = basename(file, '.svg');
  const svg = readFileSync(join(sourceDir, file), 'utf8');
  write(join(trayDir, `${state}.ico`), ico(svg, WINDOWS_TRAY_SIZES));
  write(join(trayDir, `${state}.png`), render(svg, 32));
  write(join(trayDir, `${state}Template.png`), render(monochrome(svg), 16));
  write(join(trayDir, `${state}Template@2x.png`), render(monochrome(svg), 32));
}

const appSvg = readFileSync(join(root, 'assets', 'icon.svg'), 'utf8');
write(join(root, 'assets', 'icon.png'), render(appSvg, 1024));
write(join(root, 'assets', 'icon.ico'), ico(appSvg, APP_ICO_SIZES));
