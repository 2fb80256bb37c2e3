// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TrackingForm } from '../../../renderer/src/orders/TrackingForm.tsx';
import { validateTracking } from '../../../renderer/src/orders/tracking-model.ts';
import { fail, fakeConnector, type FakeHandlers } from './fake-transport.ts';
import { renderWithApi } from './render-helpers.tsx';

function open(handlers: FakeHandlers = {}) {
  const fake = fakeConnector(handlers);
  const onQueued = vi.fn();
  renderWithApi(fake.api, <TrackingForm order={{ orderType: 'SO', orderNbr: '000123' }} onQueued={onQueued} />);
  return { fake, onQueued, user: userEvent.setup() };
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe('manual tracking entry in the order drawer', () => {
  it("validates with the contract's TrackingInput: required number, numeric non-negative weight", async () => {
    const { fake, user } = open();
    await user.click(screen.getByRole('button', { name: 'Queue tracking number' }));
    expect(document.getElementById('tracking-trackingNbr-error')?.textContent).toBe('Enter the tracking number.');
    await waitFor(() => expect(document.activeElement).toBe(input('Tracking number')));

    await user.type(input('Tracking number'), '1Z999');
    await user.type(input('Weight (optional)'), 'heavy');
    await user.click(screen.getByRole('button', { name: 'Queue tracking number' }));
    expect(document.getElementById('tracking-trackingNbr-error')).toBeNull();
    expect(document.getElementById('tracking-weight-error')?.textContent).toBe('Enter the weight as a number, for example 2.5.');
    expect(input('Weight (optional)').getAttribute('aria-invalid')).toBe('true');

    await user.clear(input('Weight (optional)'));
    await user.type(input('Weight (optional)'), '-1');
    await user.click(screen.getByRole('button', { name: 'Queue tracking number' }));
    expect(document.getElementById('tracking-weight-error')?.textContent).toBe('The weight cannot be negative.');
    await user.clear(input('Tracking number'));
    await user.type(input('Tracking number'), 'x'.repeat(101));
    await user.click(screen.getByRole('button', { name: 'Queue tracking number' }));
    expect(document.getElementById('tracking-trackingNbr-error')?.textContent).toBe('A tracking number has at most 100 characters.');
    expect(fake.callsOf('addTracking')).toHaveLength(0);
  });

  it('keeps the keyboard focus on the button while queueing, and a second press sends nothing more', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { fake, user } = open({
      addTracking: async () => {
        await held;
        return { queued: true, id: 7, status: 'queued' };
      },
    });
    await user.type(input('Tracking number'), '1Z999AA10123456784');
    await user.click(screen.getByRole('button', { name: 'Queue tracking number' }));
    const busy = await screen.findByRole('button', { name: 'Queueing…' });
    // A disabled button would drop the focus to the page; this one only says it is busy.
    expect(busy.hasAttribute('disabled')).toBe(false);
    expect(busy.getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(busy);
    await user.click(busy);
    release();
    expect(await screen.findByText(/^Queued: 1Z999AA10123456784/)).toBeTruthy();
    expect(fake.callsOf('addTracking')).toHaveLength(1);
  });

  it('queues for the order, then says when the same number was already queued', async () => {
    let seen = 0;
    const { fake, onQueued, user } = open({ addTracking: () => ({ queued: seen++ === 0, id: 7, status: 'queued' }) });
    await user.type(input('Tracking number'), ' 1Z999AA10123456784 ');
    await user.type(input('Carrier (optional)'), 'UPS');
    await user.type(input('Weight (optional)'), '2,5');
    await user.click(screen.getByRole('button', { name: 'Queue tracking number' }));
    expect(await screen.findByText('Queued: 1Z999AA10123456784 is posted to Acumatica at the next sync.')).toBeTruthy();
    expect(fake.callsOf('addTracking')).toEqual([
      { target: { kind: 'order', orderType: 'SO', orderNbr: '000123' }, trackingNbr: ' 1Z999AA10123456784 ', carrier: 'UPS', weight: 2.5, boxId: null },
    ]);
    expect(onQueued).toHaveBeenCalledTimes(1);
    expect(input('Tracking number').value).toBe('');

    await user.type(input('Tracking number'), '1Z999AA10123456784');
    await user.click(screen.getByRole('button', { name: 'Queue tracking number' }));
    expect(await screen.findByText(/^Already queued: 1Z999AA10123456784 was entered for this order before/)).toBeTruthy();
  });

  it('says a number entered again had failed, was posted, or was dismissed, rather than "already queued"', async () => {
    const answers = [{ queued: false, id: 7, status: 'failed' as const }, { queued: false, id: 8, status: 'posted' as const }, { queued: false, id: 9, status: 'dismissed' as const }];
    const { user } = open({ addTracking: () => answers.shift()! });
    await user.type(input('Tracking number'), '1Z999');
    await user.click(screen.getByRole('button', { name: 'Queue tracking number' }));
    expect(await screen.findByText(/^Not queued again: 1Z999 failed before with this carrier, weight and Box ID/)).toBeTruthy();
    await user.type(input('Tracking number'), '1Z998');
    await user.click(screen.getByRole('button', { name: 'Queue tracking number' }));
    expect(await screen.findByText(/^Already posted: 1Z998 was entered for this order before/)).toBeTruthy();
    await user.type(input('Tracking number'), '1Z997');
    await user.click(screen.getByRole('button', { name: 'Queue tracking number' }));
    expect(await screen.findByText(/^Not queued again: 1Z997 was dismissed before with this carrier, weight and Box ID, so it is not written to Acumatica\./)).toBeTruthy();
  });

  it("puts the engine's field error next to the field", async () => {
    const { user } = open({ addTracking: () => fail({ code: 'invalid-request', message: 'That Box ID does not exist in Acumatica.', field: 'boxId' }) });
    await user.type(input('Tracking number'), 'T1');
    await user.type(input('Box ID (optional)'), 'NOPE');
    await user.click(screen.getByRole('button', { name: 'Queue tracking number' }));
    await waitFor(() => expect(document.getElementById('tracking-boxId-error')?.textContent).toBe('That Box ID does not exist in Acumatica.'));
    await waitFor(() => expect(document.activeElement).toBe(input('Box ID (optional)')));
  });

  it('names the limit of carrier, weight and Box ID in words, not in the schema library\'s', () => {
    const order = { orderType: 'SO', orderNbr: '000123' };
    const result = validateTracking(order, { trackingNbr: '1Z999', carrier: 'c'.repeat(51), weight: '100001', boxId: 'b'.repeat(31) });
    expect(result).toMatchObject({
      ok: false,
      errors: {
        carrier: 'A carrier name has at most 50 characters.',
        weight: 'The weight can be at most 100000.',
        boxId: 'A Box ID has at most 30 characters.',
      },
    });
    const longOrder = validateTracking({ orderType: 'SO', orderNbr: 'SO'.repeat(8) }, { trackingNbr: '1Z999', carrier: '', weight: '', boxId: '' });
    expect(longOrder).toMatchObject({ ok: false, errors: { trackingNbr: 'This order cannot take tracking here: An order number has at most 15 characters.' } });
  });
});
