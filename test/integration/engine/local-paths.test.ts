import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/engine/dispatch.ts';
import { saveSetup } from '../../../main/engine/setup-actions.ts';
import { SetupInput } from '../../../preload/api.ts';
import { createHandlers } from '../../../main/engine/handlers.ts';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { engineAgainst } from '../../support/engine-harness.ts';

// Settings that name a file or folder on this computer: a bad one is an error on its field when
// it is set, and a folder that goes missing later does not stop the import.
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ orders: 30 });
});
afterAll(() => sim.stop());

const app = { name: 'DropStream Connector', version: 'test', mode: 'headless' as const };

describe('settings that name local files and folders', () => {
  it('refuses a CA file or inbox folder that cannot be used, naming the field and the problem', async () => {
    const engine = await engineAgainst(sim);
    try {
      const handlers = createHandlers(engine.connector, app);
      const refused = async (patch: Record<string, unknown>) => ((await dispatch(handlers, 'updateSettings', patch)) as { error?: { field?: string; message: string } }).error;
      expect(await refused({ caFile: '/dev/zero' })).toMatchObject({ field: 'caFile', message: expect.stringMatching(/\/dev\/zero: it is not a regular file/) });
      expect(await refused({ caFile: '/etc/hostname' })).toMatchObject({ field: 'caFile', message: expect.stringMatching(/holds no PEM certificate/) });
      expect(await refused({ caFile: 'certs/ca.pem' })).toMatchObject({ field: 'caFile', message: expect.stringMatching(/must be a full path/) });
      expect(await refused({ trackingInboxDir: '/nonexistent/inbox' })).toMatchObject({ field: 'trackingInboxDir', message: expect.stringMatching(/\/nonexistent\/inbox does not exist/) });
      expect(await refused({ trackingInboxDir: 'relative/inbox' })).toMatchObject({ field: 'trackingInboxDir', message: expect.stringMatching(/must be a full path/) });
      expect(engine.connector.settings.get('caFile')).toBeNull();
      expect(engine.connector.settings.get('trackingInboxDir')).toBeNull();

      const saved = { instanceUrl: sim.baseUrl, clientId: sim.credentials.clientId, username: sim.credentials.username };
      await expect(dispatch(handlers, 'testConnection', { ...saved, caFile: '/etc/hostname' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-request', field: 'caFile' } });
    } finally {
      await engine.dispose();
    }
  });

  it('refuses a whole setup over a bad CA file before it changes anything, even when saved untested', async () => {
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      const moved = SetupInput.parse({ instanceUrl: 'https://erp.example.com/AcumaticaERP', clientId: sim.credentials.clientId, username: 'other', clientSecret: 'other-secret', password: 'other-password', caFile: '/nonexistent/ca.pem' });
      await expect(saveSetup(engine.connector, moved, true)).rejects.toMatchObject({ code: 'invalid-request', field: 'caFile' });
      expect(engine.connector.settings.get('instanceUrl')).toBe(sim.baseUrl);
      expect(await engine.connector.vault.get('clientSecret')).toBe(sim.credentials.clientSecret);
      expect(await engine.connector.vault.get('password')).toBe(sim.credentials.password);
      await expect(engine.connector.syncOnce()).resolves.toMatchObject({ tokenGrants: { password: 0 } });
    } finally {
      await engine.dispose();
    }
  });

  it('goes on importing when the inbox folder disappears, and says so once', async () => {
    const engine = await engineAgainst(sim);
    const inbox = mkdtempSync(join(tmpdir(), 'ds-inbox-'));
    try {
      engine.connector.applySettings({ trackingInboxDir: inbox });
      rmSync(inbox, { recursive: true });
      const first = await engine.connector.syncOnce();
      expect(first.orders.imported).toBeGreaterThan(0);
      sim.admin.createOrder({ orderType: 'SO', status: 'Open' });
      await expect(engine.connector.syncOnce()).resolves.toMatchObject({ orders: { imported: 1 } });
      const problems = engine.connector.ledger.activity.listRecent({ limit: 50 }).filter((entry) => entry.kind === 'tracking.inbox-unreadable');
      expect(problems).toHaveLength(1);
      expect(problems[0]!.message).toMatch(/cannot be used \(ENOENT/);

      mkdirSync(inbox);
      await engine.connector.syncOnce();
      expect(engine.connector.ledger.activity.listRecent({ limit: 50 }).some((entry) => entry.kind === 'tracking.inbox-readable')).toBe(true);
    } finally {
      rmSync(inbox, { recursive: true, force: true });
      await engine.dispose();
    }
  });
});
