// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { settingDefaults, type PreflightResult } from '../../../preload/api.ts';
import { RotateSecretScreen } from '../../../renderer/src/rotate/RotateSecretScreen.tsx';
import { fail, fakeConnector, makeStatus, type FakeHandlers } from './fake-transport.ts';
import { renderWithApi } from './render-helpers.tsx';
import { yearsAhead } from '../../support/future-date.ts';

const NEW_EXPIRY = yearsAhead(2);

const SAVED = { ...settingDefaults, instanceUrl: 'https://erp.example.com', clientId: '03539A80-9BBD-231F-0435-7FBC92E9CD3F@MyCompany', username: 'dropstream', secretExpiresOn: NEW_EXPIRY };
const PASSED: PreflightResult = {
  ok: true,
  endpointVersion: '24.200.001',
  checks: [{ id: 'client-credentials', label: 'Client ID and secret', outcome: 'ok', detail: 'Accepted.', fix: null, articleStep: null }],
};

function open(handlers: FakeHandlers = {}) {
  const fake = fakeConnector({ getSettings: () => SAVED, testConnection: () => PASSED, ...handlers });
  const onStatus = vi.fn();
  const onFinish = vi.fn();
  const status = makeStatus({ storedSecrets: { clientSecret: true, password: true } });
  renderWithApi(fake.api, <RotateSecretScreen status={status} onStatus={onStatus} onFinish={onFinish} onOpenSetup={vi.fn()} />);
  return { fake, onStatus, onFinish, user: userEvent.setup() };
}

const stepHeading = () => screen.getByRole('heading', { level: 3 }).textContent;

async function enterSecret(user: ReturnType<typeof userEvent.setup>, value: string, date: string | null) {
  await user.click(screen.getByRole('button', { name: 'I have copied the new value' }));
  await user.type(screen.getByLabelText('New Client Secret'), value);
  if (date === null) await user.click(screen.getByLabelText('Never expires'));
  else await user.type(screen.getByLabelText('Expires On (UTC)'), date);
  await user.click(screen.getByRole('button', { name: 'Next' }));
}

describe('rotate-secret wizard', () => {
  it('walks from adding the secret in Acumatica to removing the old one, and checks the connection', async () => {
    const { fake, onStatus, onFinish, user } = open({ rotateSecret: () => makeStatus({ secret: { expiresOn: NEW_EXPIRY, daysLeft: 700 } }) });
    expect(stepHeading()).toBe('Step 1 of 4: Add a new Shared Secret in Acumatica');
    expect(document.body.textContent).toMatch(/Integration › Connected Applications.*Secrets.*Add Shared Secret/);
    expect(document.body.textContent).toMatch(/shows it only once/);
    expect(document.body.textContent).toMatch(/Leave the old Shared Secret in place for now/);

    await user.click(screen.getByRole('button', { name: 'I have copied the new value' }));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Step 2 of 4: Enter the new secret'));
    const input = screen.getByLabelText('New Client Secret') as HTMLInputElement;
    expect(input.type).toBe('password');

    // Nothing entered: the contract's own messages, focus on the first field at fault.
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(document.getElementById('newSecret-error')?.textContent).toBe('Enter the new Client Secret.');
    expect(document.getElementById('expiresOn-error')?.textContent).toMatch(/Never expires/);
    await waitFor(() => expect(document.activeElement).toBe(input));
    expect(input.getAttribute('aria-describedby')).toContain('newSecret-error');

    await user.type(input, ' padded ');
    await user.type(screen.getByLabelText('Expires On (UTC)'), NEW_EXPIRY);
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(document.getElementById('newSecret-error')?.textContent).toMatch(/starts or ends with a space/);
    await user.clear(input);
    await user.type(input, 'n3w-s3cret');
    await user.click(screen.getByRole('button', { name: 'Next' }));

    expect(stepHeading()).toBe('Step 3 of 4: Verify and switch');
    expect(document.body.textContent).toMatch(/refresh grant/);
    expect(document.body.textContent).toMatch(/nothing changes/);
    expect(document.body.textContent).not.toContain('n3w-s3cret');
    await user.click(screen.getByRole('button', { name: 'Verify and switch' }));

    await waitFor(() => expect(stepHeading()).toBe('Step 4 of 4: Remove the old secret'));
    expect(fake.callsOf('rotateSecret')).toEqual([{ newSecret: 'n3w-s3cret', expiresOn: NEW_EXPIRY }]);
    expect(onStatus).toHaveBeenCalledTimes(1);
    expect(document.body.textContent).toMatch(/select the old Shared Secret.*delete it/);

    await user.click(screen.getByRole('button', { name: 'Check connection' }));
    expect(await screen.findByText(/All checks passed/)).toBeTruthy();
    // The saved values, with no secret in them: the engine checks the running connection.
    expect(fake.callsOf('testConnection')).toEqual([expect.objectContaining({ instanceUrl: SAVED.instanceUrl, clientId: SAVED.clientId, username: 'dropstream' })]);
    expect(fake.callsOf('testConnection')[0]).not.toHaveProperty('clientSecret');
    expect(fake.callsOf('testConnection')[0]).not.toHaveProperty('password');

    await user.click(screen.getByRole('button', { name: 'Back to the dashboard' }));
    expect(onFinish).toHaveBeenCalledTimes(1);
  });

  it('a rejected secret changes nothing: the error, its fix, and another try', async () => {
    let attempts = 0;
    const { fake, onStatus, user } = open({
      rotateSecret: ({ newSecret }) => {
        attempts += 1;
        if (newSecret === 'wrong') fail({ code: 'refused', message: 'Acumatica did not accept the new secret (invalid_client). Nothing changed: the connector keeps using the old secret.', field: 'newSecret' });
        return makeStatus();
      },
    });
    await enterSecret(user, 'wrong', null);
    await user.click(screen.getByRole('button', { name: 'Verify and switch' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Not switched\. Acumatica did not accept the new secret \(invalid_client\)\. Nothing changed/);
    expect(alert.textContent).toMatch(/How to fix: check that you pasted the whole Value/);
    await waitFor(() => expect(document.activeElement).toBe(alert));
    expect(onStatus).not.toHaveBeenCalled();
    expect(stepHeading()).toBe('Step 3 of 4: Verify and switch');

    await user.click(screen.getByRole('button', { name: 'Enter the value again' }));
    const input = screen.getByLabelText('New Client Secret') as HTMLInputElement;
    expect(input.value).toBe('');
    expect((screen.getByLabelText('Never expires') as HTMLInputElement).checked).toBe(true);
    await user.type(input, 'right');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Verify and switch' }));
    await waitFor(() => expect(stepHeading()).toBe('Step 4 of 4: Remove the old secret'));
    expect(attempts).toBe(2);
    expect(fake.callsOf('rotateSecret')[1]).toEqual({ newSecret: 'right', expiresOn: null });
  });

  it('a refused password says to update it, and keeps the value, which may be right', async () => {
    const { user } = open({
      rotateSecret: () => fail({ code: 'refused', message: "The new secret could not be proven: the integration user's password is refused (invalid_grant).", field: 'password' }),
    });
    await enterSecret(user, 'value', null);
    await user.click(screen.getByRole('button', { name: 'Verify and switch' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/How to fix: enter the integration user's current password with Update password/);
    expect(alert.textContent).not.toMatch(/pasted the whole Value/);
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect((screen.getByLabelText('New Client Secret') as HTMLInputElement).value).toBe('value');
  });

  it('a connection failure says so without blaming the value', async () => {
    const { user } = open({ rotateSecret: () => fail({ code: 'failed', message: 'Acumatica could not be reached.' }) });
    await enterSecret(user, 'value', yearsAhead(2, '02-28'));
    await user.click(screen.getByRole('button', { name: 'Verify and switch' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/could not reach Acumatica to check it/);
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('before setup there is nothing to rotate', () => {
    const fake = fakeConnector();
    const onOpenSetup = vi.fn();
    renderWithApi(fake.api, <RotateSecretScreen status={makeStatus({ connection: { kind: 'not-configured' } })} onStatus={vi.fn()} onFinish={vi.fn()} onOpenSetup={onOpenSetup} />);
    expect(document.body.textContent).toMatch(/set up the connection first/);
    screen.getByRole('button', { name: 'Open Setup' }).click();
    expect(onOpenSetup).toHaveBeenCalled();
  });
});
