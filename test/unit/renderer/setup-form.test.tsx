// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PreflightResult } from '../../../preload/api.ts';
import { SetupForm } from '../../../renderer/src/setup/SetupForm.tsx';
import { initialValues } from '../../../renderer/src/setup/form-model.ts';
import { fail, fakeConnector, makeStatus, type FakeHandlers } from './fake-transport.ts';
import { renderWithApi } from './render-helpers.tsx';

const GOOD = {
  instanceUrl: 'https://erp.example.com/AcumaticaERP',
  clientId: '03539A80-9BBD-231F-0435-7FBC92E9CD3F@MyCompany',
  clientSecret: 's3cret value',
  username: 'dropstream',
  password: 'pw',
};

const PASSING: PreflightResult = {
  ok: true,
  endpointVersion: '24.200.001',
  checks: [{ id: 'instance-reachable', label: 'Acumatica answers', outcome: 'ok', detail: 'Found version 24 R2.', fix: null, articleStep: null }],
};

const FAILING: PreflightResult = {
  ok: false,
  endpointVersion: null,
  checks: [
    { id: 'instance-reachable', label: 'Acumatica answers', outcome: 'ok', detail: 'Found it.', fix: null, articleStep: null },
    {
      id: 'client-credentials',
      label: 'Client ID and Shared Secret',
      outcome: 'failed',
      detail: 'Acumatica said invalid_client.',
      fix: 'Copy the Client ID again, including @MyCompany, and add a new Shared Secret.',
      articleStep: '2',
    },
    { id: 'sales-orders-read', label: 'Read sales orders', outcome: 'unknown', detail: 'Not checked: sign-in failed.', fix: null, articleStep: null },
    {
      id: 'shipments-write',
      label: 'Shipments: write',
      outcome: 'failed',
      detail: 'Access denied.',
      fix: "Give the integration user's role read and write access to Shipments (SO302000).",
      articleStep: 'Setup article, part 1: Create a Dedicated Integration User',
    },
  ],
};

function setup(options: { handlers?: FakeHandlers; stored?: { clientSecret: boolean; password: boolean }; initial?: Partial<ReturnType<typeof initialValues>> } = {}) {
  const fake = fakeConnector({
    testConnection: () => PASSING,
    saveSetup: () => makeStatus({ storedSecrets: { clientSecret: true, password: true } }),
    ...options.handlers,
  });
  const onSaved = vi.fn();
  const user = userEvent.setup();
  renderWithApi(
    fake.api,
    <SetupForm initial={{ ...initialValues(null), secretNeverExpires: true, ...options.initial }} stored={options.stored ?? { clientSecret: false, password: false }} onSaved={onSaved} />,
  );
  return { fake, onSaved, user };
}

async function fill(user: ReturnType<typeof userEvent.setup>, values: Partial<typeof GOOD>) {
  for (const [field, value] of Object.entries(values)) {
    const input = document.getElementById(field) as HTMLInputElement;
    await user.clear(input);
    if (value !== '') await user.type(input, value);
  }
}

const testButton = () => screen.getByRole('button', { name: 'Test connection' });

describe('setup form validation', () => {
  it('asks for the @Tenant suffix of the Client ID, next to the field, and focuses it', async () => {
    const { fake, user } = setup();
    await fill(user, { ...GOOD, clientId: '03539A80-9BBD-231F-0435-7FBC92E9CD3F' });
    await user.click(testButton());
    const field = screen.getByLabelText('Client ID');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('clientId-error')?.textContent).toMatch(/must end with @ and your tenant name/);
    expect(field.getAttribute('aria-describedby')).toContain('clientId-error');
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(fake.callsOf('testConnection')).toHaveLength(0);
  });

  it('refuses http:// for a remote host and says to use https://', async () => {
    const { user } = setup();
    await fill(user, { ...GOOD, instanceUrl: 'http://erp.example.com' });
    await user.click(testButton());
    expect(document.getElementById('instanceUrl-error')?.textContent).toMatch(/only allows OAuth sign-in over https:\/\//);
  });

  it('shows an error on leaving a field, and clears it as soon as the value is fixed', async () => {
    const { user } = setup();
    await user.type(screen.getByLabelText('Client ID'), 'not-a-guid@Tenant');
    await user.tab();
    expect(document.getElementById('clientId-error')?.textContent).toMatch(/should look like 03539A80/);
    await fill(user, { clientId: GOOD.clientId });
    expect(document.getElementById('clientId-error')).toBeNull();
  });

  it('shows what a pasted page address becomes', async () => {
    const { user } = setup();
    await user.type(screen.getByLabelText('Instance URL'), '  https://erp.example.com/AcumaticaERP/Main?ScreenId=SO301000 ');
    expect(document.getElementById('instanceUrl-normalised')?.textContent).toBe('The connector will use https://erp.example.com/AcumaticaERP');
  });

  it('sends trimmed, normalised values to the preflight, secrets untouched', async () => {
    const { fake, user } = setup();
    await fill(user, { ...GOOD, instanceUrl: ' erp.example.com/AcumaticaERP/ ', clientId: ` ${GOOD.clientId} `, username: '  dropstream  ' });
    await user.click(testButton());
    await screen.findByText(/All checks passed/);
    expect(fake.callsOf('testConnection')[0]).toMatchObject({
      instanceUrl: 'https://erp.example.com/AcumaticaERP',
      clientId: GOOD.clientId,
      username: 'dropstream',
      clientSecret: 's3cret value',
      password: 'pw',
      secretExpiresOn: null,
    });
  });

  it('asks for the secrets when none is stored, and for an Expires On date unless it never expires', async () => {
    const { user } = setup({ initial: { secretNeverExpires: false } });
    await fill(user, { ...GOOD, clientSecret: '', password: '' });
    await user.click(testButton());
    expect(document.getElementById('clientSecret-error')?.textContent).toMatch(/Enter the Client Secret \(the Shared Secret value\)/);
    expect(document.getElementById('password-error')?.textContent).toMatch(/Enter the Password/);
    expect(document.getElementById('secretExpiresOn-error')?.textContent).toMatch(/Never expires/);
    await user.click(screen.getByLabelText('Never expires'));
    expect(document.getElementById('secretExpiresOn-error')).toBeNull();
  });

  it('opens Advanced when the first mistake is there', async () => {
    const { user } = setup({ initial: { pollIntervalSeconds: '5' } });
    await fill(user, GOOD);
    await user.click(testButton());
    const details = document.querySelector('details');
    expect(details?.open).toBe(true);
    expect(document.getElementById('pollIntervalSeconds-error')?.textContent).toMatch(/at most every 15 seconds/);
  });

  it('shows a field error the engine reports (setup.clientId) next to that field', async () => {
    const { user } = setup({
      handlers: { testConnection: () => fail({ code: 'invalid-request', message: 'That tenant does not exist on this instance.', field: 'setup.clientId' }) },
    });
    await fill(user, GOOD);
    await user.click(testButton());
    await waitFor(() => expect(document.getElementById('clientId-error')?.textContent).toMatch(/tenant does not exist/));
    expect(screen.getByRole('alert').textContent).toMatch(/could not run/);
  });
});

describe('write-only secrets', () => {
  it('shows "Stored" with Replace, never an input, and leaves stored secrets out of the request', async () => {
    const { fake, user } = setup({ stored: { clientSecret: true, password: true }, initial: { instanceUrl: GOOD.instanceUrl, clientId: GOOD.clientId, username: GOOD.username } });
    expect(screen.queryByLabelText('Client Secret')).toBeNull();
    expect(document.querySelectorAll('input[type=password]')).toHaveLength(0);
    expect(screen.getAllByText('Stored')).toHaveLength(2);
    expect(screen.getAllByRole('button', { name: 'Replace' })).toHaveLength(2);
    await user.click(testButton());
    await screen.findByText(/All checks passed/);
    const request = fake.callsOf('testConnection')[0] as Record<string, unknown>;
    expect(Object.keys(request)).not.toContain('clientSecret');
    expect(Object.keys(request)).not.toContain('password');
  });

  it('Replace opens an empty, focused input whose value is sent; Keep stored goes back', async () => {
    const { fake, user } = setup({ stored: { clientSecret: true, password: true }, initial: { instanceUrl: GOOD.instanceUrl, clientId: GOOD.clientId, username: GOOD.username } });
    const [replaceSecret] = screen.getAllByRole('button', { name: 'Replace' });
    await user.click(replaceSecret!);
    const input = screen.getByLabelText('New Client Secret') as HTMLInputElement;
    expect(input.value).toBe('');
    expect(document.activeElement).toBe(input);
    await user.type(input, 'rotated');
    await user.click(testButton());
    await screen.findByText(/All checks passed/);
    expect(fake.callsOf('testConnection')[0]).toMatchObject({ clientSecret: 'rotated' });
    expect(Object.keys(fake.callsOf('testConnection')[0] as object)).not.toContain('password');
    await user.click(screen.getByRole('button', { name: 'Keep stored' }));
    expect(screen.getAllByText('Stored')).toHaveLength(2);
  });
});

describe('preflight and saving', () => {
  it('lists each check with its outcome, the fix in plain words and the article step', async () => {
    const { user } = setup({ handlers: { testConnection: () => FAILING } });
    await fill(user, GOOD);
    await user.click(testButton());
    const results = await screen.findByRole('region', { name: 'Connection test' });
    expect(within(results).getByRole('status').textContent).toMatch(/2 checks failed/);
    const failed = results.querySelector('[data-check="client-credentials"]') as HTMLElement;
    expect(within(failed).getByText('Failed')).toBeTruthy();
    expect(failed.textContent).toMatch(/How to fix: Copy the Client ID again/);
    expect(failed.textContent).toMatch(/step 2, “Register a Connected Application”/);
    const unknown = results.querySelector('[data-check="sales-orders-read"]') as HTMLElement;
    expect(within(unknown).getByText('Not checked')).toBeTruthy();
    expect(unknown.textContent).toMatch(/step 1, “Assign a Role”/);
    const rights = results.querySelector('[data-check="shipments-write"]') as HTMLElement;
    expect(rights.querySelector('.check-article')?.textContent).toBe('See the DropStream setup article, part 1: Create a Dedicated Integration User.');
    const ok = results.querySelector('[data-check="instance-reachable"]') as HTMLElement;
    expect(within(ok).getByText('Passed')).toBeTruthy();
    expect(ok.textContent).not.toMatch(/How to fix/);
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  });

  it('saves after a passing test, and asks for a new test once a value changes', async () => {
    const { fake, onSaved, user } = setup();
    await fill(user, GOOD);
    await user.click(testButton());
    await user.click(await screen.findByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(fake.callsOf('saveSetup')[0]).toMatchObject({ saveUntested: false, setup: { clientSecret: 's3cret value' } });

    await fill(user, { username: 'someone-else' });
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(screen.getByText(/values changed since this test/)).toBeTruthy();
  });

  it('saves untested only after an explicit "Save anyway"', async () => {
    const { fake, onSaved, user } = setup({ handlers: { testConnection: () => FAILING } });
    await fill(user, GOOD);
    await user.click(testButton());
    await screen.findByText(/2 checks failed/);
    await user.click(screen.getByRole('button', { name: 'Save without a passing test…' }));
    expect(fake.callsOf('saveSetup')).toHaveLength(0);
    const confirm = screen.getByRole('button', { name: 'Save anyway' });
    expect(document.activeElement).toBe(confirm);
    await user.click(confirm);
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(fake.callsOf('saveSetup')[0]).toMatchObject({ saveUntested: true, setup: { username: 'dropstream' } });
  });

  it('Cancel on "save anyway" saves nothing; a refused save says why', async () => {
    const { fake, onSaved, user } = setup({
      handlers: { saveSetup: () => fail({ code: 'refused', message: 'The vault is locked.' }) },
    });
    await fill(user, GOOD);
    await user.click(screen.getByRole('button', { name: 'Save without a passing test…' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(fake.callsOf('saveSetup')).toHaveLength(0);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Save without a passing test…' })));
    // Escape answers the question as Cancel does.
    await user.click(screen.getByRole('button', { name: 'Save without a passing test…' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('button', { name: 'Save anyway' })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Save without a passing test…' })));
    expect(fake.callsOf('saveSetup')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Save without a passing test…' }));
    await user.click(screen.getByRole('button', { name: 'Save anyway' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Not saved: The vault is locked.');
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('asks "same company or another?" when the engine does, and saves again with the answer', async () => {
    const question = 'Not saved: this connector holds 12 orders and 3 shipments from https://sandbox.example.com (tenant Test), and https://erp.example.com (tenant Prod) may be another Acumatica company.';
    const { fake, onSaved, user } = setup({
      handlers: {
        saveSetup: (request) => {
          if (!request.setup.companyChoice) fail({ code: 'refused', message: question, field: 'companyChoice' });
          return makeStatus({ storedSecrets: { clientSecret: true, password: true } });
        },
      },
    });
    await fill(user, GOOD);
    await user.click(testButton());
    await user.click(await screen.findByRole('button', { name: 'Save' }));
    const asked = await screen.findByRole('group', { name: question });
    expect(document.activeElement).toBe(asked);
    expect(onSaved).not.toHaveBeenCalled();
    // Cancel leaves everything as it was; asked again, "Another company" saves with that answer.
    await user.click(within(asked).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group', { name: question })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Save' })));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await user.click(within(await screen.findByRole('group', { name: question })).getByRole('button', { name: 'Another company' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    const calls = fake.callsOf('saveSetup') as { setup: { companyChoice?: string; username: string }; saveUntested: boolean }[];
    expect(calls.map((call) => [call.saveUntested, call.setup.companyChoice ?? null, call.setup.username])).toEqual([
      [false, null, 'dropstream'],
      [false, null, 'dropstream'],
      [false, 'new-company', 'dropstream'],
    ]);
  });
});
