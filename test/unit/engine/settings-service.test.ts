// Settings read back from a real ledger file: written strictly, read tolerantly where a later
// version may have added to a value.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsError, SettingsService } from '../../../main/engine/settings-service.ts';
import { openLedger } from '../../../main/store/ledger.ts';
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
});
