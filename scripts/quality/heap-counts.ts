// Live JS objects per constructor, from a heap snapshot (which collects garbage first). A structure
// that keeps something per cycle shows as a constructor whose count climbs with the cycles, while
// compiled code and GC timing, which blur heapUsed and RSS, do not enter the count at all.
import { getHeapSnapshot } from 'node:v8';

interface SnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export async function liveObjectCounts(): Promise<Record<string, number>> {
  const chunks: string[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(String(chunk));
  return objectCounts(JSON.parse(chunks.join('')) as SnapshotJson);
}

export function objectCounts(snapshot: SnapshotJson): Record<string, number> {
  const fields = snapshot.snapshot.meta.node_fields;
  const objectType = snapshot.snapshot.meta.node_types[0].indexOf('object');
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const counts: Record<string, number> = {};
  for (let node = 0; node < snapshot.nodes.length; node += fields.length) {
    if (snapshot.nodes[node + typeAt] !== objectType) continue;
    const name = snapshot.strings[snapshot.nodes[node + nameAt]!] ?? '?';
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** Constructors with at least `minimum` more objects in `after` than in `before`. */
export function grownConstructors(before: Record<string, number>, after: Record<string, number>, minimum: number): Record<string, number> {
  const grown: Record<string, number> = {};
  for (const [name, count] of Object.entries(after)) {
    const growth = count - (before[name] ?? 0);
    if (growth >= minimum) grown[name] = growth;
  }
  return grown;
}
