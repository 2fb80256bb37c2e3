// Where `connector run` leaves the dashboard's address, launch token included: a file in the data
// folder that only the service's user can read. Printed instead, the token went into whatever
// keeps the service's output (a systemd journal, a log file other users and support tools read),
// and anyone who could read that could drive the connector for as long as the service ran.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../vault/atomic-file.ts';

export const DASHBOARD_ADDRESS_FILE = 'dashboard-address';

export function dashboardAddressPath(dataDir: string): string {
  return join(dataDir, DASHBOARD_ADDRESS_FILE);
}

/** Replaces the file of an earlier start (its token no longer opens anything). */
export async function writeDashboardAddress(dataDir: string, url: string): Promise<string> {
  const path = dashboardAddressPath(dataDir);
  await writeFileAtomic(path, `${url}\n`, 0o600);
  return path;
}

/** At a clean stop; only this start's address, should a newer service have written its own. */
export function removeDashboardAddress(dataDir: string, url: string): void {
  const path = dashboardAddressPath(dataDir);
  try {
    if (readFileSync(path, 'utf8').trim() === url) rmSync(path, { force: true });
  } catch {
    // Already gone, or unreadable: nothing of this start's to remove.
  }
}

/** The address without its token: what may be printed where others read it. */
export function withoutToken(url: string): string {
  const address = new URL(url);
  address.search = '';
  return address.toString();
}
