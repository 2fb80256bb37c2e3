// Delivery jobs and tracking numbers as the UI lists and edits them.
import { z } from 'zod';
import { oneLine } from './one-line.ts';
import { SecretValue } from './setup.ts';

export const DeliveryStatus = z.enum(['pending', 'parked', 'delivered', 'dropped']);

export const DeliveryJob = z.object({
  id: z.number().int(),
  entity: z.enum(['order', 'shipment']),
  recordKey: z.string(),
  destination: z.string(),
  status: DeliveryStatus,
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  updatedAt: z.string(),
});
export type DeliveryJob = z.infer<typeof DeliveryJob>;

// Typed values are one line of printable text (one-line.ts): a tracking number with a tab or a
// zero-width space looked like the one a CSV queued, yet was a second one, and reached Acumatica
// as a second package. The CSV parser refuses the same characters.

export const TrackingTargetInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('shipment'), shipmentNbr: oneLine(z.string().trim().min(1, 'Enter the shipment number.').max(15, 'A shipment number has at most 15 characters.'), 'A shipment number') }),
  z.strictObject({
    kind: z.literal('order'),
    orderType: oneLine(z.string().trim().min(1, 'Enter the order type.').max(2, 'An order type has at most 2 characters.'), 'An order type'),
    orderNbr: oneLine(z.string().trim().min(1, 'Enter the order number.').max(15, 'An order number has at most 15 characters.'), 'An order number'),
  }),
]);

/** A package's weight, at most: the form, `tracking add` and a CSV row all refuse more. */
export const MAX_TRACKING_WEIGHT = 100_000;

// Every limit has its own words: the form, `tracking add` and a CSV row's report show them as they are.
export const TrackingInput = z.strictObject({
  target: TrackingTargetInput,
  trackingNbr: oneLine(z.string().trim().min(1, 'Enter the tracking number.').max(100, 'A tracking number has at most 100 characters.'), 'A tracking number'),
  carrier: oneLine(z.string().trim().max(50, 'A carrier name has at most 50 characters.'), 'A carrier name').nullable().default(null),
  weight: z.number().min(0, 'The weight cannot be negative.').max(MAX_TRACKING_WEIGHT, `The weight can be at most ${MAX_TRACKING_WEIGHT}.`).nullable().default(null),
  boxId: oneLine(z.string().trim().max(30, 'A Box ID has at most 30 characters.'), 'A Box ID').nullable().default(null),
});
export type TrackingInput = z.input<typeof TrackingInput>;

// Not the input's checks: a number queued before they existed must not make the whole list unreadable.
const TrackingTargetView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('shipment'), shipmentNbr: z.string() }),
  z.object({ kind: z.literal('order'), orderType: z.string(), orderNbr: z.string() }),
]);

export const TrackingStatus = z.enum(['queued', 'posted', 'failed', 'dismissed']);
export type TrackingStatus = z.infer<typeof TrackingStatus>;

export const TrackingView = z.object({
  id: z.number().int(),
  target: TrackingTargetView,
  trackingNbr: z.string(),
  carrier: z.string().nullable(),
  status: TrackingStatus,
  error: z.string().nullable(),
  updatedAt: z.string(),
});
export type TrackingView = z.infer<typeof TrackingView>;

/**
 * The webhook's API key and signing secret, entered in the app (the CLI reads them from the
 * environment). They go one way, into main's vault: the answer says only whether each is stored.
 */
export const WebhookSecretsInput = z.strictObject({ apiKey: SecretValue('webhook API key'), signingSecret: SecretValue('webhook signing secret') });
export const WebhookSecretsStored = z.object({
  apiKey: z.boolean(),
  signingSecret: z.boolean(),
  /** The receiver (scheme, host, port) the stored pair belongs to, when the webhook URL now names another: they are not sent there. */
  storedForOtherReceiver: z.string().nullable(),
});
export type WebhookSecretsStored = z.infer<typeof WebhookSecretsStored>;
