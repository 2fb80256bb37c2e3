import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../main/app/key-value-store.ts';
import { createSettingsStore } from '../../../main/app/settings-store.ts';
import { settingDefaults } from '../../../preload/api.ts';

describe('settings in electron-store', () => {
  it('starts from the defaults', () => {
    expect(createSettingsStore(memoryStore()).get()).toEqual(settingDefaults);
  });

  it('keeps valid saved values and drops damaged ones key by key', () => {
    const store = memoryStore({ settings: { pollIntervalSeconds: 120, requestsPerMinute: 'lots', orderTypes: [] } });
    const settings = createSettingsStore(store).get();
    expect(settings.pollIntervalSeconds).toBe(120);
    expect(settings.requestsPerMinute).toBe(settingDefaults.requestsPerMinute);
    expect(settings.orderTypes).toEqual(settingDefaults.orderTypes);
  });

  it('validates a patch before saving it', () => {
    const store = memoryStore();
    const settings = createSettingsStore(store);
    expect(settings.update({ quietNotifications: true }).quietNotifications).toBe(true);
    expect(() => settings.update({ pollIntervalSeconds: 1 })).toThrow();
    expect(() => settings.update({ clientSecret: 'x' })).toThrow();
    expect(settings.get().pollIntervalSeconds).toBe(60);
  });
});
