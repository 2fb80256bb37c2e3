// Why an operator's "retry" or "dismiss" did nothing, in the same words on the command line and in the UI:
// an id that does not exist sends the admin to the list; one in another state says which.
import type { OutboxStatus, TrackingStatus } from '../store/index.ts';

export function deliveryRetryRefusal(id: number, status: OutboxStatus | null): string {
  if (status === null) return `Delivery #${id} does not exist (see the list of deliveries).`;
  return `Delivery #${id} is ${status}, not parked: only a parked delivery can be retried.`;
}

export function deliveryDismissRefusal(id: number, status: OutboxStatus | null): string {
  if (status === null) return `Delivery #${id} does not exist (see the list of deliveries).`;
  return `Delivery #${id} is ${status}, not parked: only a parked delivery can be dismissed.`;
}

export function trackingRetryRefusal(id: number, status: TrackingStatus | null): string {
  if (status === null) return `Tracking #${id} does not exist (see the list of tracking numbers).`;
  return `Tracking #${id} is ${status}: only a failed or dismissed number can be retried.`;
}

export function trackingDismissRefusal(id: number, status: TrackingStatus | null): string {
  if (status === null) return `Tracking #${id} does not exist (see the list of tracking numbers).`;
  return `Tracking #${id} is ${status}, not failed: only a failed number can be dismissed.`;
}
