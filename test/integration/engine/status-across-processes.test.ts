import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rotateClientSecret } from '../../../main/engine/credential-actions.ts';
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

  it('reports the newest failure of a run (a rejected secret after server errors), until the secret is rotated', async () => {
    const service = await engineAgainst(sim);
    try {
      await service.connector.syncOnce();
      const outage = sim.faults.serverError({ path: '/entity/', times: Infinity });
      await expect(service.connector.syncOnce()).rejects.toMatchObject({ kind: 'server' });
      outage.remove();
      sim.admin.expireSecret(sim.credentials.clientSecret);
      sim.admin.expireAccessTokens();
      await expect(service.connector.syncOnce()).rejects.toMatchObject({ kind: 'secret-rejected' });

      const statusCommand = await reopenEngine(sim, service.dataDir);
      expect(statusCommand.connector.status().connection.kind).toBe('secret-rejected');
      await statusCommand.close();

      // Fixed by a rotation in the service: another process no longer reports the old failure.
      const fresh = sim.admin.addSecret({});
      await rotateClientSecret(service.connector, fresh.value, null);
      const afterRotation = await reopenEngine(sim, service.dataDir);
      expect(afterRotation.connector.status().connection.kind).not.toBe('secret-rejected');
      await afterRotation.close();
    } finally {
      await service.dispose();
    }
  });
});
