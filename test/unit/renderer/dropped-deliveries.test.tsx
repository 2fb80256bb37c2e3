// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import type { DeliveryJob } from '../../../preload/api.ts';
import { DroppedDeliveries } from '../../../renderer/src/deliveries/DroppedDeliveries.tsx';

const now = Date.parse('2026-03-02T12:00:00Z');
function dropped(id: number, destination: string, minutesAgo: number): DeliveryJob {
  const at = new Date(now - minutesAgo * 60_000).toISOString();
  return { id, entity: 'order', recordKey: `SO/${id}`, destination, status: 'dropped', attempts: 2, nextAttemptAt: at, lastError: `Dropped unsent: the ${destination} destination was removed from the settings.`, updatedAt: at };
}

afterEach(cleanup);

describe('dropped deliveries', () => {
  it('counts them per destination, newest reason and time first', () => {
    render(<DroppedDeliveries jobs={[dropped(3, 'folder', 5), dropped(2, 'webhook', 60), dropped(1, 'webhook', 90)]} complete now={now} />);
    const section = screen.getByRole('region', { name: 'Dropped deliveries (3)' });
    expect(section.textContent).toContain('1 to the folderlast dropped 5 min ago');
    expect(section.textContent).toContain('2 to the webhooklast dropped 1 h ago');
  });

  it('says "at least" when the list the engine gave is cut at its limit', () => {
    render(<DroppedDeliveries jobs={[dropped(2, 'webhook', 1), dropped(1, 'webhook', 2)]} complete={false} now={now} />);
    expect(screen.getByRole('region', { name: 'Dropped deliveries (2+)' }).textContent).toContain('at least 2 to the webhook');
  });

  it('shows nothing when nothing was dropped', () => {
    const { container } = render(<DroppedDeliveries jobs={[]} complete now={now} />);
    expect(container.textContent).toBe('');
  });
});
