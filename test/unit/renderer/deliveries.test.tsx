// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { settingDefaults, type DeliveryJob, type Settings, type TrackingView } from '../../../preload/api.ts';
import { DeliveriesScreen } from '../../../renderer/src/deliveries/DeliveriesScreen.tsx';
import { fail, fakeConnector, makeStatus } from './fake-transport.ts';
import { renderWithApi } from './render-helpers.tsx';

const at = new Date(Date.now() - 10 * 60_000).toISOString();

function job(id: number, recordKey: string, lastError: string): DeliveryJob {
  return { id, entity: 'order', recordKey, destination: 'webhook', status: 'parked', attempts: 8, nextAttemptAt: at, lastError, updatedAt: at };
}

function tracking(id: number, trackingNbr: string, error: string): TrackingView {
  return { id, target: { kind: 'shipment', shipmentNbr: `SH00${id}` }, trackingNbr, carrier: 'UPS', status: 'failed', error, updatedAt: at };
}

/** While set, a save waits for it: the form stays in its saving state until the test releases it. */
let saveHeld: Promise<void> | null = null;

function open() {
  let parked = [job(1, 'SO/000123', 'The webhook answered 400: unknown field "lines".'), job(2, 'SO/000124', 'The webhook answered 410.')];
  let failed = [tracking(5, '1Z999AA10123456784', 'Shipment SH005 does not exist in Acumatica.')];
  let settings: Settings = { ...settingDefaults, destinations: { webhook: { url: 'https://old.example.com/hook', timeoutSeconds: 45 }, folder: null } };
  let secretsStored = { apiKey: false, signingSecret: false, storedForOtherReceiver: null as string | null };
  const fake = fakeConnector({
    listDeliveries: ({ status }) => (status === 'parked' ? parked : []),
    listTracking: ({ status }) => (status === 'failed' ? failed : status === 'queued' ? [tracking(9, 'Q1', '')] : []),
    retryDelivery: ({ id }) => {
      if (id === 2) fail({ code: 'invalid-request', message: 'Delivery #2 is not parked.', field: 'id' });
      parked = parked.filter((entry) => entry.id !== id);
      return parked;
    },
    dismissDelivery: ({ id }) => {
      parked = parked.filter((entry) => entry.id !== id);
      return parked;
    },
    retryTracking: ({ id }) => {
      failed = failed.filter((entry) => entry.id !== id);
      return { requeued: true };
    },
    dismissTracking: ({ id }) => {
      failed = failed.filter((entry) => entry.id !== id);
      return { dismissed: true };
    },
    getSettings: () => settings,
    updateSettings: async (patch) => {
      await saveHeld;
      return (settings = { ...settings, ...patch });
    },
    webhookSecretsStored: () => secretsStored,
    setWebhookSecrets: () => (secretsStored = { apiKey: true, signingSecret: true, storedForOtherReceiver: null }),
  });
  renderWithApi(fake.api, <DeliveriesScreen status={makeStatus()} />);
  return { fake, user: userEvent.setup(), setParked: (next: DeliveryJob[]) => (parked = next) };
}

const stat = (label: string) => screen.getByText(label, { selector: 'dt' }).nextElementSibling?.textContent;
const section = (name: RegExp) => screen.getByRole('heading', { name }).closest('section') as HTMLElement;

describe('deliveries screen', () => {
  it('lists parked deliveries and failed tracking with their errors, and the counts', async () => {
    open();
    await screen.findByRole('heading', { name: 'Parked deliveries (2)' });
    expect(stat('Pending deliveries')).toBe('3');
    expect(stat('Parked')).toBe('2');
    expect(stat('Tracking queued')).toBe('1');
    expect(stat('Tracking failed')).toBe('1');
    const parked = section(/^Parked deliveries/);
    expect(parked.textContent).toMatch(/Order SO 000123 to webhook8 attempts, last 10 min agoThe webhook answered 400: unknown field "lines"\./);
    const failed = section(/^Failed tracking numbers/);
    expect(failed.textContent).toMatch(/1Z999AA10123456784 for Shipment SH005UPS.*does not exist in Acumatica/);
  });

  it('says 200+ in the heading, as in the count, when the parked list is cut at 200', async () => {
    const { fake, setParked } = open();
    await screen.findByRole('heading', { name: 'Parked deliveries (2)' });
    setParked(Array.from({ length: 200 }, (_, i) => job(100 + i, `SO/${String(i).padStart(6, '0')}`, 'The webhook answered 410.')));
    act(() => fake.emit('cycle', { phase: 'finished', at, durationMs: 40, requests: 3, orders: { imported: 0, updated: 0 }, shipments: { imported: 0, updated: 0 }, error: null }));
    await screen.findByRole('heading', { name: 'Parked deliveries (200+)' });
    expect(stat('Parked')).toBe('200+');
  });

  it('reads its lists again when another window dismisses or retries (its activity entry arrives), not at the next sync', async () => {
    const { fake, setParked } = open();
    await screen.findByRole('heading', { name: 'Parked deliveries (2)' });
    // Dismissed in another window: the engine's lists change and its activity entry is pushed here.
    setParked([job(2, 'SO/000124', 'The webhook answered 410.')]);
    act(() => fake.emit('activity', [{ id: 40, at, level: 'warn', kind: 'outbox.dismissed', message: 'Delivery #1 was dismissed from the dashboard.' }]));
    // Before: still 2 until the next sync cycle ended.
    await screen.findByRole('heading', { name: 'Parked deliveries (1)' });
    // An entry of another kind (an import) is not a reason to read them again.
    const reads = fake.callsOf('listDeliveries').length;
    act(() => fake.emit('activity', [{ id: 41, at, level: 'info', kind: 'orders.imported', message: 'Imported 3 orders.' }]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.callsOf('listDeliveries')).toHaveLength(reads);
  });

  it('Retry sends a parked delivery again and drops it from the list; a refusal is shown', async () => {
    const { fake, user } = open();
    await screen.findByRole('heading', { name: 'Parked deliveries (2)' });
    const [first, second] = within(section(/^Parked deliveries/)).getAllByRole('button', { name: 'Retry' });
    expect(first?.getAttribute('aria-describedby')).toBe('parked-1');
    await user.click(first!);
    await screen.findByRole('heading', { name: 'Parked deliveries (1)' });
    expect(fake.callsOf('retryDelivery')).toEqual([{ id: 1 }]);
    expect(screen.getByText('Order SO 000123 goes to webhook again with this sync.')).toBeTruthy();
    expect(second).toBeTruthy();
    await user.click(within(section(/^Parked deliveries/)).getByRole('button', { name: 'Retry' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Order SO 000124 was not retried: Delivery #2 is not parked.');
  });

  it('Dismiss asks once more, Keep leaves the job, and Yes closes it with a notice saying it will not be sent', async () => {
    const { fake, user } = open();
    await screen.findByRole('heading', { name: 'Parked deliveries (2)' });
    const parkedList = () => within(section(/^Parked deliveries/));
    await user.click(parkedList().getAllByRole('button', { name: 'Dismiss' })[0]!);
    expect(parkedList().getByText(/^Dismiss for good\? It will not be sent to webhook/)).toBeTruthy();
    await user.click(parkedList().getByRole('button', { name: 'Keep' }));
    expect(parkedList().queryByText(/Dismiss for good/)).toBeNull();
    expect(fake.callsOf('dismissDelivery')).toEqual([]);
    await user.click(parkedList().getAllByRole('button', { name: 'Dismiss' })[0]!);
    const yes = parkedList().getByRole('button', { name: 'Yes, dismiss' });
    expect(yes.getAttribute('aria-describedby')).toBe('parked-1');
    await user.click(yes);
    await screen.findByRole('heading', { name: 'Parked deliveries (1)' });
    expect(fake.callsOf('dismissDelivery')).toEqual([{ id: 1 }]);
    expect(screen.getByText('Order SO 000123 was dismissed: it will not be sent to webhook.')).toBeTruthy();
  });

  it('the Dismiss question takes the focus on Keep; Escape answers Keep and gives the focus back to Dismiss', async () => {
    const { fake, user } = open();
    await screen.findByRole('heading', { name: 'Parked deliveries (2)' });
    const parkedList = () => within(section(/^Parked deliveries/));
    await user.click(parkedList().getAllByRole('button', { name: 'Dismiss' })[0]!);
    await waitFor(() => expect(document.activeElement).toBe(parkedList().getByRole('button', { name: 'Keep' })));
    await user.keyboard('{Escape}');
    expect(parkedList().queryByText(/Dismiss for good/)).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(parkedList().getAllByRole('button', { name: 'Dismiss' })[0]));
    expect(fake.callsOf('dismissDelivery')).toEqual([]);
  });

  it('keeps the keyboard on the list when a row leaves it: the focus goes to the row that took its place', async () => {
    const { user } = open();
    await screen.findByRole('heading', { name: 'Parked deliveries (2)' });
    const parkedList = () => within(section(/^Parked deliveries/));
    parkedList().getAllByRole('button', { name: 'Retry' })[0]!.focus();
    await user.keyboard('{Enter}');
    await screen.findByRole('heading', { name: 'Parked deliveries (1)' });
    await waitFor(() => expect(document.activeElement).toBe(parkedList().getByRole('button', { name: 'Retry' })));
    // The last row gone: the list's heading, not the page.
    parkedList().getByRole('button', { name: 'Dismiss' }).focus();
    await user.keyboard('{Enter}');
    await user.keyboard('{Shift>}{Tab}{/Shift}{Enter}');
    await screen.findByRole('heading', { name: 'Parked deliveries (0)' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Parked deliveries (0)' })));
  });

  it('Retry queues a failed tracking number again', async () => {
    const { fake, user } = open();
    await screen.findByRole('heading', { name: 'Failed tracking numbers (1)' });
    await user.click(within(section(/^Failed tracking/)).getByRole('button', { name: 'Retry' }));
    await screen.findByRole('heading', { name: 'Failed tracking numbers (0)' });
    expect(fake.callsOf('retryTracking')).toEqual([{ id: 5 }]);
    expect(screen.getByText(/1Z999AA10123456784 is queued again/)).toBeTruthy();
    expect(stat('Tracking queued')).toBe('2');
    expect(screen.getByText('No failed tracking numbers.')).toBeTruthy();
  });

  it('Dismiss on a failed tracking number asks once more, then closes it without queueing it', async () => {
    const { fake, user } = open();
    await screen.findByRole('heading', { name: 'Failed tracking numbers (1)' });
    const failedList = () => within(section(/^Failed tracking/));
    await user.click(failedList().getByRole('button', { name: 'Dismiss' }));
    expect(failedList().getByText(/^Dismiss for good\? It will not be written to Acumatica; do this when it was a mistake or you entered it there by hand\.$/)).toBeTruthy();
    expect(fake.callsOf('dismissTracking')).toEqual([]);
    await user.click(failedList().getByRole('button', { name: 'Yes, dismiss' }));
    await screen.findByRole('heading', { name: 'Failed tracking numbers (0)' });
    expect(fake.callsOf('dismissTracking')).toEqual([{ id: 5 }]);
    expect(screen.getByText('Tracking 1Z999AA10123456784 was dismissed: it will not be written to Acumatica.')).toBeTruthy();
    expect(stat('Tracking queued')).toBe('1');
    expect(fake.callsOf('retryTracking')).toEqual([]);

    // Dismissed by mistake: it is listed below, and Retry there queues it again.
    const dismissedList = within(await screen.findByRole('region', { name: 'Dismissed tracking numbers (1)' }));
    expect(dismissedList.getByText('1Z999AA10123456784')).toBeTruthy();
    await user.click(dismissedList.getByRole('button', { name: 'Retry' }));
    await screen.findByRole('heading', { name: 'Dismissed tracking numbers (0)' });
    expect(fake.callsOf('retryTracking')).toEqual([{ id: 5 }]);
    expect(screen.getByText('Tracking 1Z999AA10123456784 is queued again; it is posted at the next sync.')).toBeTruthy();
    expect(stat('Tracking queued')).toBe('2');
  });

  it('a number dismissed a while after the screen opened was dismissed "just now", not "in 20 s"', async () => {
    const { user } = open();
    await screen.findByRole('heading', { name: 'Failed tracking numbers (1)' });
    // The screen's clock ticks every 30 s; the dismissal happens between two ticks.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 20_000);
      const failedList = () => within(section(/^Failed tracking/));
      await user.click(failedList().getByRole('button', { name: 'Dismiss' }));
      await user.click(failedList().getByRole('button', { name: 'Yes, dismiss' }));
      const dismissedList = within(await screen.findByRole('region', { name: 'Dismissed tracking numbers (1)' }));
      expect(dismissedList.getByText(/^dismissed/).textContent).toBe('dismissed just now');
    } finally {
      vi.useRealTimers();
    }
  });

  it('lists no dismissed tracking panel while there is none', async () => {
    open();
    await screen.findByRole('heading', { name: 'Failed tracking numbers (1)' });
    expect(screen.queryByRole('heading', { name: /^Dismissed tracking numbers/ })).toBeNull();
  });

  it('reloads after each finished sync cycle', async () => {
    const { fake, setParked } = open();
    await screen.findByRole('heading', { name: 'Parked deliveries (2)' });
    setParked([]);
    act(() => fake.emit('cycle', { phase: 'started', requested: false, at }));
    const parkedLoads = () => fake.callsOf('listDeliveries').filter((request) => (request as { status: string }).status === 'parked');
    expect(parkedLoads()).toHaveLength(1);
    act(() => fake.emit('cycle', { phase: 'finished', at, durationMs: 40, requests: 3, orders: { imported: 0, updated: 0 }, shipments: { imported: 0, updated: 0 }, error: null }));
    await screen.findByRole('heading', { name: 'Parked deliveries (0)' });
    await waitFor(() => expect(screen.getByText(/Nothing parked/)).toBeTruthy());
  });

  it('sets where orders go: the form shows the setting, refuses a bad URL or path by name, and saves', async () => {
    const { fake, user } = open();
    const url = await screen.findByLabelText('Webhook URL');
    expect((url as HTMLInputElement).value).toBe('https://old.example.com/hook');
    await user.clear(url);
    await user.type(url, 'http://fulfillment.example.com/in');
    await user.type(screen.getByLabelText('Export folder'), 'exports');
    await user.click(screen.getByRole('button', { name: 'Save destinations' }));
    expect(screen.getByText(/The webhook URL must use https:\/\//)).toBeTruthy();
    expect(screen.getByText(/The export folder must be a full path/i)).toBeTruthy();
    expect(fake.callsOf('updateSettings')).toEqual([]);

    await user.clear(url);
    await user.type(url, 'https://fulfillment.example.com/in');
    await user.clear(screen.getByLabelText('Export folder'));
    await user.type(screen.getByLabelText('Export folder'), '/srv/exports');
    await user.selectOptions(screen.getByLabelText('Export file format'), 'csv');
    await user.click(screen.getByRole('button', { name: 'Save destinations' }));
    await screen.findByText(/Saved\. Orders imported from now on go to these destinations\./);
    // The webhook keeps the timeout it had; only the URL was edited.
    expect(fake.callsOf('updateSettings')).toEqual([
      { destinations: { webhook: { url: 'https://fulfillment.example.com/in', timeoutSeconds: 45 }, folder: { path: '/srv/exports', format: 'csv' } } },
    ]);
  });

  it('says a webhook URL that is no address at all is not one, instead of doing nothing', async () => {
    const { fake, user } = open();
    const url = await screen.findByLabelText('Webhook URL');
    await user.clear(url);
    await user.type(url, 'not a url');
    await user.click(screen.getByRole('button', { name: 'Save destinations' }));
    expect(screen.getByText('The webhook URL is not a web address.')).toBeTruthy();
    expect(fake.callsOf('updateSettings')).toEqual([]);
  });

  it('moves the focus to the first field refused, in both delivery forms', async () => {
    const { user } = open();
    const url = await screen.findByLabelText('Webhook URL');
    await user.clear(url);
    await user.type(url, 'not a url');
    await user.click(screen.getByRole('button', { name: 'Save destinations' }));
    await waitFor(() => expect(document.activeElement).toBe(url), { timeout: 5_000 });

    await user.type(screen.getByLabelText('API key'), 'key-123');
    await user.click(screen.getByRole('button', { name: 'Store webhook secrets' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Signing secret')), { timeout: 5_000 });
  });

  it('keeps the keyboard focus on Save while saving, and a second press sends nothing more', async () => {
    let release!: () => void;
    saveHeld = new Promise((resolve) => (release = resolve));
    try {
      const { fake, user } = open();
      await user.click(await screen.findByRole('button', { name: 'Save destinations' }));
      const busy = await screen.findByRole('button', { name: 'Saving…' });
      // A disabled button would drop the focus to the page; this one only says it is busy.
      expect(busy.getAttribute('aria-disabled')).toBe('true');
      expect(busy.hasAttribute('disabled')).toBe(false);
      expect(document.activeElement).toBe(busy);
      await user.click(busy);
      await user.keyboard('{Enter}');
      release();
      await screen.findByText(/^Saved\./);
      expect(fake.callsOf('updateSettings')).toHaveLength(1);
    } finally {
      saveHeld = null;
    }
  });

  it('stores the webhook secrets as a pair and learns only that they are stored', async () => {
    const { fake, user } = open();
    await screen.findByText('API key and signing secret: not stored: the webhook cannot be sent until they are');
    await user.type(screen.getByLabelText('API key'), 'key-123');
    await user.click(screen.getByRole('button', { name: 'Store webhook secrets' }));
    expect(screen.getByText('Enter the webhook signing secret.')).toBeTruthy();
    expect(fake.callsOf('setWebhookSecrets')).toEqual([]);

    await user.type(screen.getByLabelText('Signing secret'), 'sign-456');
    await user.click(screen.getByRole('button', { name: 'Store webhook secrets' }));
    await screen.findByText(/Stored\. Deliveries waiting for them go at the next sync\./);
    expect(fake.callsOf('setWebhookSecrets')).toEqual([{ apiKey: 'key-123', signingSecret: 'sign-456' }]);
    expect(screen.getByText('API key and signing secret: both stored (encrypted)')).toBeTruthy();
    // Emptied, and labelled as replacements from now on.
    expect((screen.getByLabelText('New API key') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('New signing secret') as HTMLInputElement).value).toBe('');
  });
});
