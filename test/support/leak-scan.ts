// Binary-safe search of files, folders and captured text for secret values: every occurrence is
// reported as "<needle label> in <where>", so a failing leak test names the leak.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Needle {
  label: string;
  value: string;
}

export interface Haystack {
  where: string;
  bytes: Buffer;
}

export function filesUnder(dir: string): Haystack[] {
  const out: Haystack[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push({ where: path, bytes: readFileSync(path) });
  }
  return out;
}

export function text(where: string, value: string): Haystack {
  return { where, bytes: Buffer.from(value, 'utf8') };
}

export function findLeaks(needles: readonly Needle[], haystacks: readonly Haystack[]): string[] {
  const hits: string[] = [];
  for (const needle of needles) {
    const bytes = Buffer.from(needle.value, 'utf8');
    for (const haystack of haystacks) if (haystack.bytes.includes(bytes)) hits.push(`${needle.label} in ${haystack.where}`);
  }
  return hits;
}
