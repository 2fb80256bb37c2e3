// Bundles the benchmark's child the way the packaged app ships the main process: one ESM file,
// with the runtime `dependencies` left external (electron-vite does the same for main). Measuring
// the .ts sources instead would count Node's type stripping and hundreds of small modules, which
// the shipped app never pays.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// rolldown arrives with vite (a dev dependency), which bundles with it.
import { build } from 'rolldown';

const root = new URL('../../', import.meta.url);

/** `name` is a file of scripts/bench/ without `.ts` (the backfill child unless told). */
export async function buildBenchChild(name = 'backfill-child'): Promise<string> {
  const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { dependencies?: Record<string, string> };
  const dependencies = Object.keys(manifest.dependencies ?? {});
  const file = fileURLToPath(new URL(`out/bench/${name}.mjs`, root));
  await build({
    input: fileURLToPath(new URL(`scripts/bench/${name}.ts`, root)),
    platform: 'node',
    // A dependency is external with its subpaths too (`csv-parse/sync`).
    external: (id) => id.startsWith('node:') || dependencies.some((dep) => id === dep || id.startsWith(`${dep}/`)),
    output: { file, format: 'esm' },
    logLevel: 'warn',
  });
  return file;
}
