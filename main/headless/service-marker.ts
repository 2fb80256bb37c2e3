// Whether a service (`connector run`) is running on a data folder. The service leaves
// service.json there (its process id, port and start time; no token) while it runs, so that
// `status` can say whether anything is syncing at all, and a second `run` on the same folder is
// refused instead of polling Acumatica twice as often.
//
// A marker can outlive its service (a power cut), and after a restart another program may have
// its process id. So a service counts as running only if that process exists AND its port
// answers with this connector's own security headers; a stale marker is ignored and replaced.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { z } from 'zod';
import { SECURITY_HEADERS } from './static-files.ts';

const MARKER_FILE = 'service.json';
const PROBE_TIMEOUT_MS = 2_000;

const ServiceMarker = z.object({ pid: z.number().int().positive(), port: z.number().int().min(1).max(65_535), startedAt: z.string() });
export type ServiceMarker = z.infer<typeof ServiceMarker>;

/** The service running on `dataDir`, or null when none is. */
export async function runningService(dataDir: string): Promise<ServiceMarker | null> {
  const marker = readMarker(dataDir);
  if (marker === null || marker.pid === process.pid) return null;
  return processExists(marker.pid) && (await answersAsOurService(marker.port)) ? marker : null;
}

/** Records this process as the folder's service; the returned function removes the record again. */
export function markService(dataDir: string, port: number, now = new Date()): () => void {
  const path = join(dataDir, MARKER_FILE);
  const marker: ServiceMarker = { pid: process.pid, port, startedAt: now.toISOString() };
  writeFileSync(path, `${JSON.stringify(marker)}\n`, { mode: 0o600 });
  return () => {
    // Only our own: a service started after a stale check must keep its record.
    if (readMarker(dataDir)?.pid === process.pid) rmSync(path, { force: true });
  };
}

function readMarker(dataDir: string): ServiceMarker | null {
  try {
    const parsed = ServiceMarker.safeParse(JSON.parse(readFileSync(join(dataDir, MARKER_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another account (a service run as a system user).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Any answer of our server carries these headers, a refusal without the token included. */
async function answersAsOurService(port: number): Promise<boolean> {
  try {
    const res = await request(`http://127.0.0.1:${port}/`, { headersTimeout: PROBE_TIMEOUT_MS, bodyTimeout: PROBE_TIMEOUT_MS });
    await res.body.dump();
    return res.headers['content-security-policy'] === SECURITY_HEADERS['content-security-policy'] && res.headers['x-frame-options'] === SECURITY_HEADERS['x-frame-options'];
  } catch {
    return false;
  }
}
