// Builds the configured destinations from settings plus the vault. Rebuild them when the
// `destinations` setting changes (and close the old ones: the webhook holds a connection pool).
import type { Vault } from '../vault/index.ts';
import type { Destination, DestinationSettings } from './destinations.ts';
import { FolderDestination } from './folder-destination.ts';
import { WebhookDestination, type WebhookDestinationOptions } from './webhook-destination.ts';
import { checkWebhookSecretsFor } from './webhook-secrets-binding.ts';

export interface BuildDestinationsOptions {
  vault: Pick<Vault, 'get' | 'set'>;
  now?: () => number;
  extraCaPem?: string;
  proxy?: WebhookDestinationOptions['proxy'];
}

export function buildDestinations(settings: DestinationSettings, options: BuildDestinationsOptions): Destination[] {
  const destinations: Destination[] = [];
  if (settings.webhook) {
    const url = settings.webhook.url;
    destinations.push(
      new WebhookDestination({
        settings: settings.webhook,
        // Read per delivery, so a key entered in Settings takes effect without a rebuild.
        secrets: async () => {
          const apiKey = await options.vault.get('webhookApiKey');
          const signingSecret = await options.vault.get('webhookSigningSecret');
          if (!apiKey || !signingSecret) return { apiKey, signingSecret };
          const binding = await checkWebhookSecretsFor(options.vault, url);
          return binding.ok ? { apiKey, signingSecret } : { apiKey, signingSecret, storedForOtherReceiver: binding.storedFor };
        },
        now: options.now,
        extraCaPem: options.extraCaPem,
        proxy: options.proxy,
      }),
    );
  }
  if (settings.folder) destinations.push(new FolderDestination(settings.folder, { now: options.now }));
  return destinations;
}

export async function closeDestinations(destinations: readonly Destination[]): Promise<void> {
  await Promise.all(destinations.map((d) => d.close?.().catch(() => undefined)));
}
