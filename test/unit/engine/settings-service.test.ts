// Settings read back from a real ledger file: written strictly, read tolerantly where a later
// version may have added to a value.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch, type EngineHandlers } from '../../../main/engine/dispatch.ts';
import { SettingsError, SettingsService } from '../../../main/engine/settings-service.ts';
import { openLedger } from '../../../main/store/ledger.ts';
import { createConnectorApi, type Settings } from '../../../preload/api.ts';
import { fakeClock, tempDir } from '../store/fixtures.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

function ledgerSettings() {
  const { dir, cleanup } = tempDir();
  const ledger = openLedger({ path: join(dir, 'ledger.sqlite'), now: fakeClock().now });
  cleanups.push(() => ledger.close(), cleanup);
  return { repository: ledger.settings, service: new SettingsService(ledger.settings) };
}

describe('SettingsService', () => {
  it('reads destinations a later version stored with keys of its own, ignoring those keys (a rollback keeps running)', () => {
    const { repository, service } = ledgerSettings();
    repository.setSetting('destinations', {
      webhook: { url: 'https://receiver.example/hook', timeoutSeconds: 5, headers: { 'X-Team': 'dock-2' } },
      folder: null,
      archive: { path: '/srv/archive' },
    });
    expect(service.get('destinations')).toEqual({ webhook: { url: 'https://receiver.example/hook', timeoutSeconds: 5 }, folder: null });
    expect(service.all().destinations.webhook?.url).toBe('https://receiver.example/hook');
  });

  it('still refuses a misspelt key when one is written', () => {
    const { service } = ledgerSettings();
    expect(() => service.update({ destinations: { webhok: { url: 'https://receiver.example/hook' } } as never })).toThrow(SettingsError);
    expect(() => service.update({ destinations: { webhok: { url: 'https://receiver.example/hook' } } as never })).toThrow(/Unknown key "webhok"/);
    expect(service.get('destinations')).toEqual({ webhook: null, folder: null });
  });

  it('refuses an order type that is not a two-character code, naming it, but still reads one stored before the check', () => {
    const { repository, service } = ledgerSettings();
    for (const typed of [['S O'], ['SO;RC'], ['SOO']]) {
      expect(() => service.update({ orderTypes: typed })).toThrow(SettingsError);
      expect(() => service.update({ orderTypes: typed })).toThrow(`"${typed[0]}" is not an order type: an order type is two letters or digits, such as SO or RC`);
    }
    expect(service.update({ orderTypes: ['SO', ' rc '] }).orderTypes).toEqual(['SO', 'rc']);
    // Stored by an earlier release, which did not check: read as it is, so the settings still open
    // (and `config set orderTypes` can correct it).
    repository.setSetting('orderTypes', ['S O']);
    expect(service.get('orderTypes')).toEqual(['S O']);
    expect(service.all().orderTypes).toEqual(['S O']);
  });

  it('refuses a status, Login or Box ID with a tab, line break or zero-width space, but still reads one stored before the check', () => {
    const { repository, service } = ledgerSettings();
    const refusals: [Partial<Settings>, string][] = [
      // Each named with its invisible character shown, so the operator can find it.
      [{ orderStatuses: ['Open', 'On\tHold'] }, 'A status "On\\tHold" must be one line of printable text.'],
      [{ orderStatuses: ['On\u00a0Hold'] }, 'A status "On\\u00a0Hold" must be one line of printable text.'],
      [{ shipmentStatuses: ['Confirmed\u200b'] }, 'A status "Confirmed\\u200b" must be one line of printable text.'],
      [{ username: 'drop\u200bstream' }, 'The Login "drop\\u200bstream" must be one line of printable text.'],
      [{ defaultBoxId: 'LARGE\nBOX' }, 'A Box ID "LARGE\\nBOX" must be one line of printable text.'],
    ];
    for (const [patch, message] of refusals) {
      expect(() => service.update(patch)).toThrow(SettingsError);
      expect(() => service.update(patch)).toThrow(message);
    }
    // Nothing refused was written; ordinary values still are, spaces inside included.
    expect(service.get('orderStatuses')).toEqual(['Open']);
    expect(service.update({ orderStatuses: ['Open', 'On Hold'], defaultBoxId: 'LARGE BOX' })).toMatchObject({ orderStatuses: ['Open', 'On Hold'], defaultBoxId: 'LARGE BOX' });
    // Stored by an earlier release: read as it is, so the settings open and can be corrected.
    repository.setSetting('orderStatuses', ['On\tHold']);
    repository.setSetting('username', 'drop\u200bstream');
    repository.setSetting('defaultBoxId', 'LARGE\nBOX');
    expect(service.all()).toMatchObject({ orderStatuses: ['On\tHold'], username: 'drop\u200bstream', defaultBoxId: 'LARGE\nBOX' });
  });

  it('shows the UI a value stored before the check, so its Setup and deliveries pages open to correct it', async () => {
    const { repository, service } = ledgerSettings();
    // The engine's handlers over the contract, both ends validating, as IPC and the HTTP API do.
    const handlers = { getSettings: () => service.all(), updateSettings: (patch: Partial<Settings>) => service.update(patch) } as Partial<EngineHandlers>;
    const api = createConnectorApi({ invoke: (method, request) => dispatch(handlers as EngineHandlers, method, request), on: () => () => {} });
    repository.setSetting('orderTypes', ['S O']);
    repository.setSetting('orderStatuses', ['On\tHold']);
    repository.setSetting('shipmentStatuses', ['Confirmed\u200b']);
    repository.setSetting('defaultBoxId', 'LARGE\nBOX');
    await expect(api.getSettings()).resolves.toMatchObject({ orderTypes: ['S O'], orderStatuses: ['On\tHold'], shipmentStatuses: ['Confirmed\u200b'], defaultBoxId: 'LARGE\nBOX' });
    // Another setting saved meanwhile is answered too (it was written, then reported as failed).
    await expect(api.updateSettings({ pollIntervalSeconds: 120 })).resolves.toMatchObject({ pollIntervalSeconds: 120, defaultBoxId: 'LARGE\nBOX' });
    // Writing such a value is still refused, naming what is wrong.
    await expect(api.updateSettings({ defaultBoxId: 'LARGE\u200bBOX' })).rejects.toMatchObject({ message: 'A Box ID "LARGE\\u200bBOX" must be one line of printable text.' });
  });
});
