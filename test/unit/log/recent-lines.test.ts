// The diagnostics bundle's log lines: the newest of every log in the folder, across rotations,
// written by the real logger.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/log/index.ts';
import { recentLogLines } from '../../../main/log/recent-lines.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ds-recent-lines-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const messages = (lines: string[] | undefined) => (lines ?? []).map((line) => (JSON.parse(line) as { msg: string }).msg);

describe('recentLogLines', () => {
  it('gives the newest lines of each log, oldest first, reading rotated files only as far as needed', () => {
    // Small files, so 300 lines rotate through several of them.
    const service = createLogger({ dataDir, baseName: 'service', level: 'info', maxFileBytes: 4096, maxFiles: 3 });
    for (let i = 1; i <= 300; i++) service.logger.info(`service line ${i}`);
    service.close();
    const cli = createLogger({ dataDir, baseName: 'cli', level: 'info' });
    cli.logger.info('cli line 1');
    cli.close();

    const recent = recentLogLines(join(dataDir, 'logs'), 25);
    expect(Object.keys(recent)).toEqual(['cli', 'service']);
    expect(messages(recent.service)).toEqual(Array.from({ length: 25 }, (_, i) => `service line ${276 + i}`));
    expect(messages(recent.cli)).toEqual(['cli line 1']);
  });

  it('takes lines from the rotated files when the current one has too few', () => {
    const service = createLogger({ dataDir, baseName: 'service', level: 'info', maxFileBytes: 4096, maxFiles: 3 });
    for (let i = 1; i <= 300; i++) service.logger.info(`service line ${i}`);
    service.close();
    const all = messages(recentLogLines(join(dataDir, 'logs'), 10_000).service);
    // What rotation kept (the oldest lines fell off the last file), in order, ending with the newest.
    expect(all.length).toBeGreaterThan(40);
    expect(all.at(-1)).toBe('service line 300');
    const numbers = all.map((msg) => Number(msg.split(' ').at(-1)));
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => numbers[0]! + i));
  });

  it('ignores other files and a missing folder', () => {
    expect(recentLogLines(join(dataDir, 'no-logs-here'), 10)).toEqual({});
    const logs = join(dataDir, 'logs');
    createLogger({ dataDir, baseName: 'app', level: 'info' }).close();
    writeFileSync(join(logs, 'notes.txt'), 'not a log\n');
    expect(recentLogLines(logs, 10)).toEqual({ app: [] });
  });
});
