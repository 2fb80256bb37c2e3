// Replacing a credential without downtime. A new client secret is proven with a refresh grant
// authenticated by it (no new API session) before it is stored, so until it has worked the old one
// stays in use and a failure changes nothing. A new password is stored and tried at the next
// sign-in: once, because repeated failures lock the integration user out.
import type { AcumaticaError } from '../acumatica/errors.ts';
import type { Connector } from './connector.ts';
import { OperatorError } from './dispatch.ts';

export async function rotateClientSecret(connector: Connector, newSecret: string, expiresOn: string | null | undefined): Promise<void> {
  if (!connector.settings.isConfigured()) throw new OperatorError('not-configured', 'Set up the connection first.');
  // "Rotated" would be followed by removing the old secret in Acumatica: with the same value given
  // twice, that would remove the only secret that works.
  if (newSecret === (await connector.vault.get('clientSecret'))) {
    throw new OperatorError('invalid-request', 'That is the secret already in use. Add a new Shared Secret to the Connected Application in Acumatica and enter its value.', 'newSecret');
  }
  const result = await connector.connection().tokens.verifySecret(newSecret);
  if (!result.ok) {
    connector.ledger.activity.record({
      level: 'warn',
      kind: 'secret.rotation-rejected',
      message: `Client secret rotation failed; the old secret stays in use: ${result.error.message}`,
    });
    throw rotationFailure(result.error);
  }
  await connector.vault.set('clientSecret', newSecret);
  if (expiresOn !== undefined) connector.applySettings({ secretExpiresOn: expiresOn, secretReminderSnoozedUntil: null });
  connector.afterCredentialsChanged();
  await connector.refreshSecretPresence();
  connector.ledger.activity.record({ level: 'info', kind: 'secret.rotated', message: 'Client secret rotated: the new secret was verified and is now in use. Remove the old Shared Secret in Acumatica.' });
}

/**
 * Why the new secret was not switched to, named for what the operator must fix: the secret, the
 * password (proving the secret needs a sign-in once the refresh token has lapsed, and a refused
 * password is Acumatica's verdict on the user, not on the secret), or nothing they typed (no
 * answer): the code tells the wizard whether to ask for the value again.
 */
function rotationFailure(error: AcumaticaError): OperatorError {
  const unchanged = 'Nothing changed: the connector keeps using the old secret.';
  if (error.kind === 'secret-rejected') return new OperatorError('refused', `Acumatica did not accept the new secret (${error.message}). ${unchanged}`, 'newSecret');
  if (error.kind === 'credentials-rejected') {
    return new OperatorError(
      'refused',
      `The new secret could not be proven: with the refresh token no longer valid that takes a sign-in, and the integration user's password is refused (${error.message}). Enter the new password with Update password (or "connector setup"), then rotate again. ${unchanged}`,
      'password',
    );
  }
  return new OperatorError('failed', `The new secret could not be checked (${error.message}). ${unchanged}`, 'newSecret');
}

export async function updatePassword(connector: Connector, password: string): Promise<void> {
  if (!connector.settings.isConfigured()) throw new OperatorError('not-configured', 'Set up the connection first.');
  await connector.vault.set('password', password);
  connector.afterCredentialsChanged();
  await connector.refreshSecretPresence();
  connector.ledger.activity.record({ level: 'info', kind: 'credentials.password-updated', message: 'Password updated; the connector signs in with it at the next sync.' });
}
