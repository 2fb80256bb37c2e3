// The refresh token's age on the status, in a process that runs for weeks: what the operator reads
// when the connection is in trouble must be the age of the token in hand, not of the one the
// vault held when the process started.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { Connector } from '../../../main/engine/connector.ts';
import { createLogger, type AppLogger } from '../../../main/log/index.ts';
import { MemoryVault } from '../../../main/vault/memory-vault.ts';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { FAST_RETRY } from '../../support/engine-harness.ts';
import { fakeClock } from '../../unit/acumatica/support/fake-clock.ts';
import { NO_PROXY } from '../acumatica/support.ts';

const DAY = 86_400_000;

let sim: Simulator;
let connector: Connector;
let log: AppLogger;
let dataDir: string;
afterEach(async () => {
  await connector?.stop();
  log?.close();
  await sim?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('shows the age of the token last refreshed while the token endpoint fails, not the age of the process', async () => {
  const clock = fakeClock(Date.now());
  sim = await startSimulator({ orders: 5, clock: () => clock.now(), refreshToken: { mode: 'sliding', slidingSeconds: 15 * 86_400, absoluteSeconds: null, reuse: 'revoke-chain' } });
  dataDir = mkdtempSync(join(tmpdir(), 'ds-health-'));
  log = createLogger({ dataDir, baseName: 'test' });
  const { clientId, clientSecret, username, password } = sim.credentials;
  const vault = new MemoryVault({ clientSecret, password });
  const open = async () => {
    const opened = new Connector({ dataDir, vault, log, now: () => clock.now(), connection: { ...FAST_RETRY, clock, proxy: NO_PROXY } });
    await opened.refreshSecretPresence();
    return opened;
  };
  connector = await open();
  connector.applySetup({ ...connector.settings.all(), instanceUrl: sim.baseUrl, clientId, username });
  await connector.syncOnce();
  // The service starts (again) with that grant in the vault, and runs on.
  await connector.stop();
  connector = await open();
  await connector.syncOnce();
  // Two weeks of daily syncs: each refreshes the token, so it never gets older than a day.
  for (let day = 0; day < 13; day += 1) {
    clock.advance(DAY);
    await connector.syncOnce();
  }
  expect(connector.status().refreshToken).toMatchObject({ ageDays: 0, warning: false });

  // The identity server fails for a while: the token in hand is still a few hours old.
  sim.faults.serverError({ path: '/identity/connect/token', times: Infinity });
  clock.advance(2 * 3_600_000);
  await expect(connector.syncOnce()).rejects.toThrow();
  expect(connector.status().refreshToken).toMatchObject({ ageDays: 0.1, warning: false });
});
