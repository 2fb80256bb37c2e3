// The V8 flags live in one list (main/engine/v8-flags.ts); package.json scripts cannot import it,
// so this holds every entry point, and the benchmark that measures them, to the same flags.
import { readFileSync } from 'node:fs';
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
});
