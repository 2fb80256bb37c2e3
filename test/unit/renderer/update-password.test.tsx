// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Connection } from '../../../preload/api.ts';
import { Dashboard } from '../../../renderer/src/dashboard/Dashboard.tsx';
import { fail, fakeConnector, makeStatus, type FakeHandlers } from './fake-transport.ts';
import { renderWithApi } from './render-helpers.tsx';

function show(connection: Connection, handlers: FakeHandlers = {}, storedSecrets = { clientSecret: true, password: true }) {
  const fake = fakeConnector(handlers);
  const onStatus = vi.fn();
  const onOpenSetup = vi.fn();
  renderWithApi(fake.api, <Dashboard status={makeStatus({ connection, storedSecrets })} onStatus={onStatus} onOpenSetup={onOpenSetup} onRotateSecret={vi.fn()} />);
  return { fake, onStatus, onOpenSetup, user: userEvent.setup() };
}

const rejected: Connection = { kind: 'credentials-rejected', description: 'invalid_grant' };

describe('update password when the sign-in is rejected', () => {
  it('explains the likely causes and that repeated failures lock the user out', () => {
    show(rejected);
    const panel = screen.getByRole('heading', { name: 'Why Acumatica refuses the sign-in' }).closest('section') as HTMLElement;
    expect(panel.textContent).toMatch(/password was changed/);
    expect(panel.textContent).toMatch(/Change password at next login/);
    expect(panel.textContent).toMatch(/disabled, or is locked out/);
    expect(panel.textContent).toMatch(/tries it once.*repeated failures lock the user out/);
    expect((screen.getByLabelText('Password of the integration user') as HTMLInputElement).type).toBe('password');
  });

  it('checks the value with the contract, then sends it once and hands on the new status', async () => {
    const { fake, onStatus, user } = show(rejected, { updatePassword: () => makeStatus({ connection: { kind: 'connecting' } }) });
    await user.click(screen.getByRole('button', { name: 'Update password' }));
    expect(document.getElementById('newPassword-error')?.textContent).toBe('Enter the Password.');
    expect(document.activeElement).toBe(screen.getByLabelText('Password of the integration user'));
    expect(fake.callsOf('updatePassword')).toHaveLength(0);

    await user.type(screen.getByLabelText('Password of the integration user'), 'n3w-pass{Enter}');
    await waitFor(() => expect(onStatus).toHaveBeenCalledWith(expect.objectContaining({ connection: { kind: 'connecting' } })));
    expect(fake.callsOf('updatePassword')).toEqual([{ password: 'n3w-pass' }]);
    expect(screen.getByText(/Password updated/)).toBeTruthy();
    expect((screen.getByLabelText('Password of the integration user') as HTMLInputElement).value).toBe('');
  });

  it("shows the engine's refusal", async () => {
    const { user } = show(rejected, { updatePassword: () => fail({ code: 'not-configured', message: 'Set up the connection first.' }) });
    await user.type(screen.getByLabelText('Password of the integration user'), 'x');
    await user.click(screen.getByRole('button', { name: 'Update password' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Not updated: Set up the connection first.');
  });

  it('a password that is not stored is asked for too, without the causes', async () => {
    const { onOpenSetup, user } = show({ kind: 'credentials-needed', description: 'The Password is not stored. Enter it in Setup.' }, {}, { clientSecret: true, password: false });
    expect(document.getElementById('connection-title')?.textContent).toBe('Password needed');
    expect(screen.getByRole('heading', { name: 'Enter the password again' })).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/Change password at next login/);
    await user.click(screen.getByRole('button', { name: 'Username changed? Open Setup' }));
    expect(onOpenSetup).toHaveBeenCalled();
  });

  it('a vault that cannot be decrypted sends the operator to Setup for both secrets, not to a password form that cannot write', async () => {
    const { onOpenSetup, user } = show(
      { kind: 'credentials-needed', description: 'The stored credentials cannot be decrypted (the key changed or the file was damaged). Enter the Client Secret and Password again in Setup.' },
      {},
      { clientSecret: false, password: false },
    );
    expect(document.getElementById('connection-title')?.textContent).toBe('Secrets needed');
    expect(screen.queryByLabelText('Password of the integration user')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Open Setup' }));
    expect(onOpenSetup).toHaveBeenCalled();
  });

  it('a missing Client Secret is entered in Setup too', () => {
    show({ kind: 'credentials-needed', description: 'The Client Secret is not stored. Enter it in Setup.' }, {}, { clientSecret: false, password: true });
    expect(document.getElementById('connection-title')?.textContent).toBe('Secrets needed');
    expect(screen.queryByLabelText('Password of the integration user')).toBeNull();
  });

  it('a rejected secret offers the rotation wizard instead', () => {
    show({ kind: 'secret-rejected', description: 'invalid_client' });
    expect(screen.getByRole('button', { name: 'Rotate secret' })).toBeTruthy();
    expect(screen.queryByLabelText('Password of the integration user')).toBeNull();
  });
});
