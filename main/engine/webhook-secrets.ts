// The webhook's API key and signing secret as the Deliveries tab and `deliveries set-webhook-secrets`
// store them: bound to the receiver the webhook URL names now (delivery/webhook-secrets-binding.ts),
// and what they say of them: whether each is stored, never a value.
import type { WebhookSecretsStored } from '../../preload/api.ts';
import { DestinationSettings } from '../delivery/destinations.ts';
import { webhookOrigin, webhookSecretChanges } from '../delivery/webhook-secrets-binding.ts';
import type { Connector } from './connector.ts';

/** The webhook URL set now, or null when deliveries go to no webhook. */
function webhookUrl(connector: Connector): string | null {
  return DestinationSettings.parse(connector.settings.get('destinations')).webhook?.url ?? null;
}

/** Stores the pair for the current receiver; webhook deliveries that waited for it go at the next sync, not after their backoff. */
export async function storeWebhookSecrets(connector: Connector, pair: { apiKey: string; signingSecret: string }): Promise<void> {
  await connector.vault.setMany(webhookSecretChanges(pair, webhookUrl(connector)));
  connector.ledger.outbox.dueNow('webhook');
}

/** Whether each webhook secret is stored, and for which other receiver if not this one's. */
export async function webhookSecretsStored(connector: Connector): Promise<WebhookSecretsStored> {
  const apiKey = await connector.vault.get('webhookApiKey');
  const signingSecret = await connector.vault.get('webhookSigningSecret');
  const storedFor = await connector.vault.get('webhookSecretsFor');
  const url = webhookUrl(connector);
  const otherReceiver = storedFor !== undefined && url !== null && webhookOrigin(url) !== storedFor ? storedFor : null;
  return { apiKey: Boolean(apiKey), signingSecret: Boolean(signingSecret), storedForOtherReceiver: otherReceiver };
}
