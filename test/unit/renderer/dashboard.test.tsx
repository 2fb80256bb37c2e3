// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Connection, ConnectionKind } from '../../../preload/api.ts';
import { Dashboard } from '../../../renderer/src/dashboard/Dashboard.tsx';
import { fakeConnector, makeStatus } from './fake-transport.ts';
import { renderWithApi } from './render-helpers.tsx';

const soon = new Date(Date.now() + 5 * 60_000).toISOString();
const earlier = new Date(Date.now() - 20 * 60_000).toISOString();

/** One sample per kind; the `satisfies` fails to compile when the contract gains a kind. */
const SAMPLES = {
  'not-configured': { connection: { kind: 'not-configured' }, title: 'Not set up', action: 'Open Setup', words: /no Acumatica connection yet/ },
  connecting: { connection: { kind: 'connecting' }, title: 'Connecting…', action: null, words: /Signing in/ },
  connected: { connection: { kind: 'connected' }, title: 'Connected', action: null, words: /imported on every poll/ },
  syncing: { connection: { kind: 'syncing', requested: true }, title: 'Syncing…', action: null, words: /you asked for/ },
  retrying: { connection: { kind: 'retrying', reason: 'Acumatica answered 503.', nextAttemptAt: soon }, title: 'Retrying', action: 'Try now', words: /503\. The connector tries again in 5 min/ },
  paused: { connection: { kind: 'paused', until: null }, title: 'Paused', action: 'Resume', words: /until you resume/ },
  'credentials-rejected': { connection: { kind: 'credentials-rejected', description: 'invalid_grant' }, title: 'Sign-in rejected', action: null, words: /not locked out.*step 1/ },
  'secret-rejected': { connection: { kind: 'secret-rejected', description: 'invalid_client' }, title: 'Client ID or secret rejected', action: 'Rotate secret', words: /Add a new Shared Secret/ },
  'access-denied': { connection: { kind: 'access-denied', description: 'Shipment: 403' }, title: 'Access denied', action: 'Test in Setup', words: /Assign a Role/ },
  // The engine's words for a vault it cannot decrypt: both secrets read as not stored, so Setup.
  'credentials-needed': {
    connection: { kind: 'credentials-needed', description: 'The stored credentials cannot be decrypted (the key changed or the file was damaged). Enter the Client Secret and Password again in Setup.' },
    title: 'Secrets needed',
    action: 'Open Setup',
    words: /cannot be decrypted .*again in Setup\./,
  },
  disconnected: { connection: { kind: 'disconnected', reason: 'The network is down.', since: earlier }, title: 'Disconnected', action: 'Try now', words: /Since 20 min ago/ },
} satisfies Record<ConnectionKind, { connection: Connection; title: string; action: string | null; words: RegExp }>;

function show(connection: Connection, overrides: Parameters<typeof makeStatus>[0] = {}) {
  const fake = fakeConnector({
    syncNow: () => makeStatus({ connection: { kind: 'syncing', requested: true } }),
    pause: ({ minutes }) => makeStatus({ connection: { kind: 'paused', until: minutes === null ? null : soon } }),
    resume: () => makeStatus(),
  });
  const onStatus = vi.fn();
  const onOpenSetup = vi.fn();
  const onRotateSecret = vi.fn();
  renderWithApi(fake.api, <Dashboard status={makeStatus({ connection, ...overrides })} onStatus={onStatus} onOpenSetup={onOpenSetup} onRotateSecret={onRotateSecret} />);
  return { fake, onStatus, onOpenSetup, onRotateSecret, user: userEvent.setup() };
}

describe('dashboard connection state', () => {
  it('a full drive under the ledger is not sent to check the network', () => {
    show({ kind: 'disconnected', reason: 'The connector could not write its ledger (SQLite: disk I/O error): the drive holding its data folder is full or failing. Free space on it.', since: earlier, storage: true });
    const title = document.getElementById('connection-title');
    expect(title?.textContent).toBe('Cannot save imported data');
    const section = title?.closest('section') as HTMLElement;
    expect(section.textContent).toMatch(/Free space on it\. Since 20 min ago\./);
    expect(section.textContent).not.toMatch(/network/);
  });

  it('an engine message inside ours ends with one full stop, with or without its own', () => {
    const full = 'Acumatica rejected the client ID or shared secret (invalid_client): the secret may have expired or been removed from the Connected Application. Acumatica said: "Invalid client secret."';
    show({ kind: 'secret-rejected', description: full });
    const text = (document.getElementById('connection-title')?.closest('section') as HTMLElement).textContent ?? '';
    expect(text).toContain(`Shared Secret: ${full} Add a new Shared Secret`);
    expect(text).not.toMatch(/\.\)\.|\.\.|"\./);
    // The engine's words already say why; ours do not say it again.
    expect(text.match(/may have expired/g)).toHaveLength(1);
  });

  it('a retry that is due says "in a moment", not "just now" or "ago"', () => {
    show({ kind: 'retrying', reason: 'Acumatica did not answer', nextAttemptAt: new Date(Date.now() - 3_000).toISOString() });
    const text = (document.getElementById('connection-title')?.closest('section') as HTMLElement).textContent ?? '';
    expect(text).toContain('The connector tries again in a moment on its own.');
  });

  it.each(Object.entries(SAMPLES))('%s: large title, plain words and the action', async (_kind, sample) => {
    const { fake, onOpenSetup, onRotateSecret, onStatus, user } = show(sample.connection);
    const title = document.getElementById('connection-title');
    expect(title?.textContent).toBe(sample.title);
    const section = title?.closest('section') as HTMLElement;
    expect(section.textContent).toMatch(sample.words);
    const buttons = [...section.querySelectorAll('button')];
    if (sample.action === null) {
      expect(buttons).toHaveLength(0);
      return;
    }
    expect(buttons.map((button) => button.textContent)).toEqual([sample.action]);
    await user.click(buttons[0]!);
    if (sample.action.includes('Setup')) expect(onOpenSetup).toHaveBeenCalledTimes(1);
    else if (sample.action === 'Rotate secret') expect(onRotateSecret).toHaveBeenCalledTimes(1);
    else await waitFor(() => expect(onStatus).toHaveBeenCalledTimes(1));
    if (sample.action === 'Resume') expect(fake.callsOf('resume')).toHaveLength(1);
    if (sample.action === 'Sync now' || sample.action === 'Try now') expect(fake.callsOf('syncNow')).toHaveLength(1);
  });
});

describe('dashboard details', () => {
  it('shows last and next sync, the counts and the secret countdown', () => {
    show({ kind: 'connected' });
    const stat = (label: string) => screen.getByText(label).nextElementSibling?.textContent;
    expect(stat('Last sync')).toBe('2 min ago');
    expect(stat('Next sync')).toBe('in 30 s');
    expect(stat('Imported today')).toBe('42');
    expect(stat('Orders in total')).toBe((12_345).toLocaleString());
    expect(stat('Pending deliveries')).toBe('3');
    expect(stat('Tracking posted')).toBe('321');
    expect(stat('Errors today')).toBe('1');
    expect(stat('Shared secret')).toMatch(/^200 days left/);
  });

  it('says the next sync is now while the sync due runs, not "5 s ago"', () => {
    show({ kind: 'syncing', requested: false }, { nextSyncAt: new Date(Date.now() - 5_000).toISOString() });
    expect(screen.getByText('Next sync').nextElementSibling?.textContent).toBe('now');
  });

  it('warns when the secret is close to expiry, with the rotation steps', () => {
    show({ kind: 'connected' }, { secret: { expiresOn: '2026-12-10', daysLeft: 12 } });
    const secret = screen.getByText('Shared secret').nextElementSibling?.textContent ?? '';
    expect(secret).toMatch(/12 days left/);
    expect(secret).toMatch(/add a new Shared Secret in Acumatica, switch to it\s+with Rotate secret/);
  });

  it('says when the secret has expired', () => {
    show({ kind: 'secret-rejected', description: 'invalid_client' }, { secret: { expiresOn: '2026-11-01', daysLeft: -3 } });
    const secret = screen.getByText('Shared secret').nextElementSibling?.textContent ?? '';
    expect(secret).toMatch(/^Expired on 2026-11-01Acumatica no longer accepts it: add a new Shared Secret/);
    expect(secret).toMatch(/About the Shared Secret expiration/);
  });

  it('on the Expires On day itself says it expires today, not that it has expired', () => {
    show({ kind: 'connected' }, { secret: { expiresOn: '2026-11-28', daysLeft: 0 } });
    const secret = screen.getByText('Shared secret').nextElementSibling?.textContent ?? '';
    expect(secret).toMatch(/^Expires today \(expires 2026-11-28\)Rotate it today: add a new Shared Secret/);
    expect(secret).not.toMatch(/no longer accepts/);
  });

  it('says when the secret never expires', () => {
    show({ kind: 'connected' }, { secret: { expiresOn: null, daysLeft: null } });
    expect(screen.getByText('Never expires')).toBeTruthy();
  });

  it('offers Sync now and Pause once each while connected, and pauses for an hour or until resumed', async () => {
    const { fake, user } = show({ kind: 'connected' });
    expect(screen.getAllByRole('button', { name: 'Sync now' })).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Pause 1 hour' }));
    await user.click(screen.getByRole('button', { name: 'Pause until resumed' }));
    await waitFor(() => expect(fake.callsOf('pause')).toEqual([{ minutes: 60 }, { minutes: null }]));
  });

  it.each([
    { kind: 'secret-rejected', description: 'invalid_client' },
    { kind: 'credentials-rejected', description: 'invalid_grant' },
    { kind: 'credentials-needed', description: 'The stored credentials cannot be decrypted.' },
  ] as const)('offers no Sync now while $kind: a sync cannot leave it until the operator acts', (connection) => {
    show(connection);
    expect(screen.queryByRole('button', { name: 'Sync now' })).toBeNull();
    expect(screen.getAllByRole('button', { name: 'Pause 1 hour' })).toHaveLength(1);
  });

  it('offers Resume instead of Pause while paused', () => {
    show({ kind: 'paused', until: soon });
    expect(screen.queryByRole('button', { name: 'Pause 1 hour' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sync now' })).toBeNull();
    expect(screen.getAllByRole('button', { name: 'Resume' })).toHaveLength(1);
  });

  it('offers Resume while paused even when a rejected sign-in is what the card shows', () => {
    show({ kind: 'credentials-rejected', description: 'invalid_grant' }, { paused: { until: null } });
    expect(screen.queryByRole('button', { name: 'Pause 1 hour' })).toBeNull();
    expect(screen.getAllByRole('button', { name: 'Resume' })).toHaveLength(1);
  });

  it('shows the engine\'s refusal in words', async () => {
    const fake = fakeConnector({});
    const user = userEvent.setup();
    renderWithApi(fake.api, <Dashboard status={makeStatus()} onStatus={vi.fn()} onOpenSetup={vi.fn()} onRotateSecret={vi.fn()} />);
    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/no handler for syncNow/);
  });
});
