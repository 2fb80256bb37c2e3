// The newest lines of every support log in a data folder, for the diagnostics bundle. The service,
// the desktop app and the command line each write their own log (rotating-file.ts names the
// files); a bundle taken with the CLI while the service is the one in trouble must carry the
// service's lines, and the newest ones, not the oldest rotated file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logFileName, parseLogFileName } from './rotating-file.ts';

/** Up to `perLog` of the newest lines of each log in `logsDir`, oldest first, by log name. */
export function recentLogLines(logsDir: string, perLog: number): Record<string, string[]> {
  const rotations = new Map<string, number[]>();
  for (const entry of listFiles(logsDir)) {
    const log = parseLogFileName(entry);
    if (log === null) continue;
    rotations.set(log.baseName, [...(rotations.get(log.baseName) ?? []), log.n]);
  }
  const byLog: Record<string, string[]> = {};
  for (const [name, numbers] of [...rotations].sort(([a], [b]) => a.localeCompare(b))) {
    // Newest file first (the current one is 0), until enough lines are found.
    let lines: string[] = [];
    for (const n of numbers.sort((a, b) => a - b)) {
      const file = join(logsDir, logFileName(name, n));
      lines = [...readLines(file), ...lines];
      if (lines.length >= perLog) break;
    }
    byLog[name] = lines.slice(-perLog);
  }
  return byLog;
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
  } catch {
    return [];
  }
}
