// Which Acumatica a grant and the stored secrets belong to. The instance URL, client ID and user name
// together name one sign-in; the vault's client secret, password and refresh token were entered for
// (or issued to) that sign-in and must never be sent anywhere else.
import { AcumaticaError } from '../acumatica/errors.ts';
import type { Vault } from '../vault/index.ts';
import type { Settings } from '../../preload/api.ts';
import { OperatorError } from './dispatch.ts';

export const IDENTITY_KEYS = ['instanceUrl', 'clientId', 'username'] as const;
export type IdentityKey = (typeof IDENTITY_KEYS)[number];

export function sameIdentity(a: Pick<Settings, IdentityKey>, b: Pick<Settings, IdentityKey>): boolean {
  return IDENTITY_KEYS.every((key) => a[key] === b[key]);
}

/**
 * Refuses a settings patch that would move a configured connection to another instance, client or
 * user. Only Setup may do that (saveSetup): it tests the new values, signs the old session out and
 * forgets the old refresh token, so no stored secret follows the change to the new host.
 */
export function refuseIdentityChange(current: Settings, patch: Partial<Settings>): void {
  const configured = IDENTITY_KEYS.every((key) => current[key] !== '');
  if (!configured) return;
  const changed = IDENTITY_KEYS.find((key) => patch[key] !== undefined && patch[key] !== current[key]);
  if (changed === undefined) return;
  throw new OperatorError(
    'invalid-request',
    `${changed} names the Acumatica sign-in the stored secrets belong to, so it is changed only through Setup (the setup form, or "connector setup"), which tests the new values, signs the old session out and asks for the secrets again.`,
    changed,
  );
}

/**
 * Which stored secrets may be used for these connection values: the client secret only for the
 * instance and client it was entered for, the password only for that instance and user. Anything
 * else would send a stored secret to a host or client the admin never entered it for.
 */
export function storedSecretsUsableFor(saved: Pick<Settings, IdentityKey>, candidate: Pick<Settings, IdentityKey>): { clientSecret: boolean; password: boolean } {
  const sameInstance = saved.instanceUrl === candidate.instanceUrl;
  return {
    clientSecret: sameInstance && saved.clientId === candidate.clientId,
    password: sameInstance && saved.username === candidate.username,
  };
}

/** What the vault keeps under `signInIdentity` for these settings. */
export function identityMarker(settings: Pick<Settings, IdentityKey>): string {
  return JSON.stringify(IDENTITY_KEYS.map((key) => settings[key]));
}

/**
 * Called before any grant sends the vault's secrets: they must have been entered for the sign-in
 * the settings now name. The settings are shared by every process over the data folder but each
 * has its own vault, so Setup in the CLI can move the settings to another instance while the app's
 * vault still holds the old one's secrets. Such a vault is refused, and nothing is sent.
 * A vault from before the marker existed adopts the current sign-in on first use. `savedNow`
 * reads the settings as saved now, which tell the two apart when the marker does not match.
 */
export async function checkSecretsBelongTo(
  vault: Pick<Vault, 'get' | 'set'>,
  settings: Pick<Settings, IdentityKey>,
  savedNow?: () => Pick<Settings, IdentityKey>,
): Promise<void> {
  const marker = await vault.get('signInIdentity');
  const current = identityMarker(settings);
  if (marker === undefined) return vault.set('signInIdentity', current);
  // The vault is right and this connection is out of date: Setup (here or `connector setup` beside
  // the service) moved the sign-in while a cycle ran with the old one, and signed its session out.
  // Nothing to enter again: the next cycle builds its connection from the saved settings.
  if (marker !== current && savedNow !== undefined && marker === identityMarker(savedNow())) {
    throw new AcumaticaError({
      kind: 'configuration',
      // The next cycle mends it, on a connection built from the saved settings.
      retryable: true,
      message: 'Setup changed the Acumatica sign-in (instance, client or user) while this sync ran, so nothing more was sent with the old one. The next sync signs in with the new settings.',
    });
  }
  if (marker !== current) {
    throw new AcumaticaError({
      kind: 'configuration',
      retryable: false,
      message: 'The stored secrets were entered for another Acumatica sign-in (instance, client or user) than the one now set up, which another DropStream program changed. Enter them again in Setup (or run "connector setup").',
    });
  }
}
