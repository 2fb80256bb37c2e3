// The webhook's API key and signing secret belong to the receiver they were issued by. Changing the
// webhook URL to another host must not send them there: the new host would learn the old receiver's
// key and could sign requests as the connector. So the vault keeps, beside them, the origin (scheme,
// host, port) they were stored for, and the webhook destination sends them only to that origin.
import type { SecretChanges, Vault } from '../vault/index.ts';

/** `https://hooks.example.com:8443`: what the binding compares; the path may change freely. */
export function webhookOrigin(url: string): string {
  return new URL(url).origin;
}

/**
 * The vault changes that store a new pair for `webhookUrl` (the current setting). Stored while no
 * webhook is set (ahead of the receiver going live), the pair binds to the first URL it is sent to.
 */
export function webhookSecretChanges(secrets: { apiKey: string; signingSecret: string }, webhookUrl: string | null): SecretChanges {
  return { webhookApiKey: secrets.apiKey, webhookSigningSecret: secrets.signingSecret, webhookSecretsFor: webhookUrl === null ? null : webhookOrigin(webhookUrl) };
}

export type WebhookSecretsCheck = { ok: true } | { ok: false; storedFor: string };

/**
 * Whether the stored pair may go to `url`. A pair stored before this binding existed (or while no
 * webhook was set) has no origin yet: it takes the one it is first sent to.
 */
export async function checkWebhookSecretsFor(vault: Pick<Vault, 'get' | 'set'>, url: string): Promise<WebhookSecretsCheck> {
  const origin = webhookOrigin(url);
  const storedFor = await vault.get('webhookSecretsFor');
  if (storedFor === undefined) {
    await vault.set('webhookSecretsFor', origin);
    return { ok: true };
  }
  return storedFor === origin ? { ok: true } : { ok: false, storedFor };
}
