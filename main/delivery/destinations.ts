// Where deliveries go, as configured in settings, and the one interface every destination
// implements. Settings here are plain, non-secret data: the webhook's API key and HMAC signing
// secret live in the vault ('webhookApiKey', 'webhookSigningSecret') and are read per delivery.
import { isAbsolute } from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';
import type { DeliveryPayload } from './payload.ts';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** https, or http only to this computer (a local receiver): payloads carry customer addresses. */
export const WebhookUrl = z
  .string()
  .trim()
  .superRefine((raw, ctx) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${raw}" is not a valid URL.` });
      return;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      ctx.addIssue({ code: 'custom', message: 'The webhook URL must use https:// (http:// only for this computer).' });
    }
    // Credentials in a URL end up in logs and settings files; the API key goes in the vault.
    if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'The webhook URL must not contain a user name or password.' });
  });

export const WebhookDestinationSettings = z.object({
  url: WebhookUrl,
  /** Seconds to wait for the receiver's answer before retrying later. */
  timeoutSeconds: z.number().int().min(1).max(300).default(30),
});

export const FolderDestinationSettings = z.object({
  path: z.string().trim().min(1, 'Choose an export folder.').refine(isAbsolute, 'The export folder must be an absolute path.'),
  format: z.enum(['json', 'csv']).default('json'),
});

/** The `destinations` setting. Both null: nothing is delivered and nothing is queued. */
export const DestinationSettings = z.object({
  webhook: WebhookDestinationSettings.nullable().default(null),
  folder: FolderDestinationSettings.nullable().default(null),
});

export type WebhookDestinationSettings = z.infer<typeof WebhookDestinationSettings>;
export type FolderDestinationSettings = z.infer<typeof FolderDestinationSettings>;
export type DestinationSettings = z.infer<typeof DestinationSettings>;
export type DestinationName = 'webhook' | 'folder';

/** The names to pass to enqueueChanges: the outbox rows are per destination. */
export function activeDestinations(settings: DestinationSettings): DestinationName[] {
  const names: DestinationName[] = [];
  if (settings.webhook) names.push('webhook');
  if (settings.folder) names.push('folder');
  return names;
}

/**
 * What one attempt came to. 'retry' comes back later with backoff, or later still when the
 * destination said when (`retryAfterMs`); 'park' waits for a person (the receiver refused this
 * payload, so sending it again unchanged cannot help).
 */
export type DeliveryOutcome =
  | { kind: 'delivered'; detail?: string }
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  | { kind: 'park'; error: string };

export interface Destination {
  readonly name: string;
  /** Must not throw for delivery problems: those are outcomes. A throw is a bug and is retried. */
  deliver(payload: DeliveryPayload): Promise<DeliveryOutcome>;
  close?(): Promise<void>;
}
