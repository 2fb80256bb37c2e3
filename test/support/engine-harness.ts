// A real engine over a temp data folder, configured against a running simulator.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHeadlessEngine, type HeadlessEngine } from '../../main/engine/open-headless.ts';
import { saveSetup } from '../../main/engine/setup-actions.ts';
import { SetupInput } from '../../preload/api.ts';
import type { Simulator } from '../acumatica-sim/index.ts';

export const FAST_RETRY = { retry: { maxAttempts: 4, backoff: { baseMs: 5, capMs: 20 } }, tokenBackoff: { baseMs: 5, capMs: 20 } };

/** `saveTested`: save the way the form does after "Test connection" (default: "Save anyway"). */
export async function engineAgainst(
  sim: Simulator,
  extra: Record<string, unknown> = {},
  pageSize?: number,
  { saveTested = false } = {},
): Promise<HeadlessEngine & { dataDir: string; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ds-engine-'));
  const engine = await reopenEngine(sim, dataDir, pageSize);
  const setup = simSetupInput(sim, extra);
  await saveSetup(engine.connector, setup, !saveTested);
  return {
    ...engine,
    dataDir,
    async dispose() {
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The Setup form's values for the simulator's own credentials. */
export function simSetupInput(sim: Simulator, extra: Record<string, unknown> = {}): ReturnType<typeof SetupInput.parse> {
  return SetupInput.parse({
    instanceUrl: sim.baseUrl,
    clientId: sim.credentials.clientId,
    clientSecret: sim.credentials.clientSecret,
    username: sim.credentials.username,
    password: sim.credentials.password,
    ...extra,
  });
}

/** The engine over an existing data folder, as after a restart (no setup). */
export function reopenEngine(sim: Simulator, dataDir: string, pageSize?: number): Promise<HeadlessEngine> {
  return openHeadlessEngine({
    dataDir,
    env: { DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 7).toString('base64') },
    logName: 'test',
    connection: { ...FAST_RETRY, ...(sim.caPem ? { extraCaPem: sim.caPem } : {}) },
    ...(pageSize ? { pageSize } : {}),
  });
}
