// The V8 flags live in one list (main/engine/v8-flags.ts); package.json scripts cannot import it,
// so this holds every entry point, and the benchmark that measures them, to the same flags.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ENGINE_V8_FLAGS, ENGINE_V8_FLAGS_TEXT } from '../../../main/engine/v8-flags.ts';

const read = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

describe('engine V8 flags', () => {
  it('are plain --name or --name=number flags, safe unquoted in a script and in one js-flags value', () => {
    expect(ENGINE_V8_FLAGS.length).toBeGreaterThan(0);
    for (const flag of ENGINE_V8_FLAGS) expect(flag).toMatch(/^--[a-z][a-z-]*(?:=\d+)?$/);
  });

  it.each([
    ['connector', 'node $FLAGS main/headless/cli.ts'],
    ['headless', 'node $FLAGS main/headless/cli.ts run'],
    ['demo', 'node $FLAGS scripts/demo.ts'],
  ])('the npm script "%s" starts node with exactly these flags', (name, expected) => {
    // The node command is exactly this: no other V8 flag sneaks in beside them (nor through NODE_OPTIONS).
    const command = scripts[name]!.split('&&').map((part) => part.trim()).find((part) => part.startsWith('node '));
    expect(command).toBe(expected.replace('$FLAGS', ENGINE_V8_FLAGS_TEXT));
    expect(scripts[name]).not.toContain('NODE_OPTIONS');
  });

  it('the Electron app passes them as js-flags before ready', () => {
    const source = read('main/app/index.ts');
    const appended = source.indexOf("app.commandLine.appendSwitch('js-flags', ENGINE_V8_FLAGS_TEXT);");
    expect(appended).toBeGreaterThan(-1);
    expect(appended).toBeLessThan(source.indexOf('app\n    .whenReady()'));
  });

  it('the benchmark runs its child with them', () => {
    expect(read('scripts/bench.ts')).toContain('const nodeOptions = [...ENGINE_V8_FLAGS,');
  });

  // undici parses HTTP/1 with llhttp compiled to WebAssembly. Once it ran hot, V8 recompiled its
  // one very large function with TurboFan on a background thread, in a 22 MB zone whose pages that
  // thread's malloc arena could keep (the RSS it cost: main/engine/v8-flags.ts). V8 counts its
  // zones in peak_malloced_memory.
  it("keep undici's HTTP parser off TurboFan, whose compile of it takes ~20 MB", async () => {
    const page = JSON.stringify({ value: Array.from({ length: 20 }, (_, i) => ({ OrderNbr: { value: `SO${i}` }, Description: { value: 'x'.repeat(200) } })) });
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(page));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/entity/Default/24.200.001/SalesOrder`;
      const child = fileURLToPath(new URL('./fixtures/http-parser-memory.mjs', import.meta.url));
      const { stdout } = await promisify(execFile)(process.execPath, [...ENGINE_V8_FLAGS, child, url, '3000']);
      const { peakMallocedBytes } = JSON.parse(stdout) as { peakMallocedBytes: number };
      // 33-36 MB with TurboFan's compile of the parser, 12-14 MB without it.
      expect(peakMallocedBytes / 1024 / 1024).toBeLessThan(20);
    } finally {
      server.close();
    }
  });
});
