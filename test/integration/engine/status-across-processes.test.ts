import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { engineAgainst, reopenEngine } from '../../support/engine-harness.ts';

// The service, the tray app and `connector status` are separate processes over one data folder.
// A cycle that failed in one must show in the status another one reports, until a cycle succeeds.
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ orders: 20 });
});
afterAll(() => sim.stop());
afterEach(() => sim.reset());

describe('status across processes', () => {
  it('reports the last cycle failure another process hit, until a later cycle succeeds', async () => {
    const service = await engineAgainst(sim);
    try {
      await service.connector.syncOnce();
      const failing = sim.faults.serverError({ path: '/entity/', times: Infinity });
      await expect(service.connector.syncOnce()).rejects.toMatchObject({ kind: 'server' });

      const statusCommand = await reopenEngine(sim, service.dataDir);
      expect(statusCommand.connector.status().connection).toMatchObject({ kind: 'retrying', reason: expect.stringMatching(/500|server/i) });
      await statusCommand.close();

      failing.remove();
      await service.connector.syncOnce();
      const after = await reopenEngine(sim, service.dataDir);
      expect(after.connector.status().connection.kind).toBe('connected');
      await after.close();
    } finally {
      await service.dispose();
    }
  });

  it('reports a rejected secret from another process as secret-rejected, not connected', async () => {
    const service = await engineAgainst(sim);
    try {
      await service.connector.syncOnce();
      sim.admin.expireSecret(sim.credentials.clientSecret);
      sim.admin.expireAccessTokens();
      await expect(service.connector.syncOnce()).rejects.toMatchObject({ kind: 'secret-rejected' });

      const statusCommand = await reopenEngine(sim, service.dataDir);
      expect(statusCommand.connector.status().connection.kind).toBe('secret-rejected');
      await statusCommand.close();
    } finally {
      await service.dispose();
    }
  });
});
