// An Expires On typed for a working secret cannot be behind us: saved, it showed the secret as
// expired ("imports have stopped") on a connector that was importing.
import { describe, expect, it } from 'vitest';
import { settingDefaults } from '../../../preload/api.ts';
import { initialValues, validateSetup } from '../../../renderer/src/setup/form-model.ts';
import { validateRotate } from '../../../renderer/src/rotate/rotate-model.ts';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const SECRETS = { clientSecret: true, password: true };
const form = (secretExpiresOn: string) => ({
  ...initialValues(null),
  instanceUrl: 'https://erp.example.com',
  clientId: '03539A80-9BBD-231F-0435-7FBC92E9CD3F@MyCompany',
  clientSecret: 's3cret',
  username: 'dropstream',
  password: 'pw',
  secretExpiresOn,
});

describe('the Expires On date entered for a secret', () => {
  it('Setup refuses a date that has passed, on the date field, and takes today or later', () => {
    const past = validateSetup(form(day(-1)), SECRETS);
    expect(past.ok).toBe(false);
    expect(!past.ok && past.errors.secretExpiresOn).toMatch(/^That date has passed/);
    expect(validateSetup(form(day(0)), SECRETS).ok).toBe(true);
    expect(validateSetup(form(day(400)), SECRETS).ok).toBe(true);
  });

  it('Setup still saves other changes when the stored date has passed since it was entered', () => {
    const stored = day(-30);
    const values = { ...initialValues({ ...settingDefaults, secretExpiresOn: stored }), ...form(stored), pollIntervalSeconds: '120' };
    expect(validateSetup(values, SECRETS, stored).ok).toBe(true);
    expect(validateSetup({ ...values, secretExpiresOn: day(-2) }, SECRETS, stored).ok).toBe(false);
  });

  it('the rotation wizard refuses a new secret that would already have expired', () => {
    const past = validateRotate({ newSecret: 'n3w-s3cret', expiresOn: day(-1), neverExpires: false });
    expect(past).toMatchObject({ ok: false, first: 'expiresOn', errors: { expiresOn: expect.stringMatching(/^That date has passed/) } });
    expect(validateRotate({ newSecret: 'n3w-s3cret', expiresOn: day(0), neverExpires: false }).ok).toBe(true);
  });
});
