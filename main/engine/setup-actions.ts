// "Test connection" and "Save" for the setup form and `connector setup`. Testing the saved values
// reuses the running connection (no extra API session); testing new values uses a throwaway
// connection that signs out at once, so a test never replaces the running grant.
import type { AcumaticaConnection } from '../acumatica/connection.ts';
import { expiryHasPassed, PASSED_EXPIRY_MESSAGE, type PreflightResult, type Settings, type SetupValues } from '../../preload/api.ts';
import { connectionFingerprint } from './acumatica-link.ts';
import type { Connector } from './connector.ts';
import { OperatorError } from './dispatch.ts';
import { preflightReport } from './preflight-report.ts';
import { checkLocalPaths } from './local-path-settings.ts';
import { companyChange, companyChangeQuestion, copyLedgerBeforeStartingOver, setAsideWaitingTracking, startLedgerOver, type CompanyChoiceWords } from './company-change.ts';
import { recordCompanyAnswer } from './same-company-move.ts';
import { companyOf } from '../acumatica/company.ts';
import { identityMarker, sameIdentity, storedSecretsUsableFor } from './sign-in-identity.ts';
import { VaultUnreadableError, type Vault } from '../vault/index.ts';

export function settingsFromSetup(current: Settings, setup: SetupValues): Settings {
  return { ...current, ...setupSettings(setup) };
}

/**
 * The settings the setup form owns. Only these are checked and written when it is saved: the
 * others stay as stored, and one an earlier release stored that a check added since refuses (a
 * shipment status with a tab, a default Box ID with a zero-width space) must not block saving the
 * connection, from a form that cannot show or correct it.
 */
function setupSettings(setup: SetupValues) {
  return {
    instanceUrl: setup.instanceUrl,
    clientId: setup.clientId,
    username: setup.username,
    secretExpiresOn: setup.secretExpiresOn,
    endpointVersion: setup.endpointVersion,
    caFile: setup.caFile,
    pollIntervalSeconds: setup.pollIntervalSeconds,
    orderTypes: setup.orderTypes,
    orderStatuses: setup.orderStatuses,
  };
}

/**
 * The form's rule, for every caller of saveSetup (the service's JSON API too), the settings API and
 * `config set`: an Expires On typed now cannot already have passed (a mistyped year would show a
 * working secret as expired). The stored one may have since; that alone must not block saving.
 */
export function refusePassedExpiry(expiresOn: string | null, stored: string | null): void {
  if (expiresOn === null || expiresOn === stored || !expiryHasPassed(expiresOn)) return;
  throw new OperatorError('invalid-request', PASSED_EXPIRY_MESSAGE, 'secretExpiresOn');
}

export async function testConnection(connector: Connector, setup: SetupValues): Promise<PreflightResult> {
  checkLocalPaths(setup);
  const current = connector.settings.all();
  const candidate = settingsFromSetup(current, setup);
  const reuseRunning =
    connector.settings.isConfigured() && connectionFingerprint(candidate) === connectionFingerprint(current) && !setup.clientSecret && !setup.password;
  if (reuseRunning) return preflightReport(await connector.preflightStored());

  const secrets = await secretsFor(connector, setup);
  const connection: AcumaticaConnection = connector.testConnectionFor(candidate, secrets);
  try {
    return preflightReport(await connection.preflight());
  } finally {
    // A verification grant is discarded: end its API session so it does not hold a licence seat.
    await connection.tokens.signOut().catch(() => undefined);
    await connection.close();
  }
}

/** How the question "same company or another?" names its answers in the setup form. */
const FORM_WORDS: CompanyChoiceWords = { same: 'choose "Same company"', other: 'choose "Another company"' };

export async function saveSetup(connector: Connector, setup: SetupValues, saveUntested: boolean, words: CompanyChoiceWords = FORM_WORDS): Promise<void> {
  // Everything that can refuse the values runs before anything is changed: a refusal after the old
  // session is signed out and the new secrets stored would leave them beside the old instance.
  const current = connector.settings.all();
  const candidate = settingsFromSetup(current, setup);
  checkLocalPaths(setup);
  connector.settings.check(setupSettings(setup));
  refusePassedExpiry(candidate.secretExpiresOn, current.secretExpiresOn);
  const change = companyChange(connector.ledger, current, candidate);
  if (change !== null && setup.companyChoice === undefined) throw companyChangeQuestion(change, words);
  const secrets = await secretsFor(connector, setup);
  if (!saveUntested) {
    const result = await testConnection(connector, setup);
    if (!result.ok) {
      const failed = result.checks.find((check) => check.outcome === 'failed') ?? result.checks.find((check) => check.outcome !== 'ok');
      throw new OperatorError('refused', `Not saved: the connection test failed (${failed?.label ?? 'a check'}: ${failed?.detail ?? 'see the results'}). Fix it and test again, or choose "Save anyway".`);
    }
  }
  // Last of the checks: the copy of a ledger about to start over is made only for values that pass,
  // and the tracking files written for the old company leave the inbox before a cycle of the new
  // one can read them.
  const startingOver = change !== null && setup.companyChoice === 'new-company' ? change : null;
  const copy = startingOver !== null ? copyLedgerBeforeStartingOver(connector.ledger, Date.now()) : null;
  if (startingOver !== null) await setAsideWaitingTracking(connector.ledger, connector.settings.get('trackingInboxDir'), startingOver);
  // A vault this process's key cannot decrypt holds nothing it can ever use (a new OS keyring, a
  // lost DROPSTREAM_VAULT_KEY): both secrets were just entered, so it starts over, below, in one
  // replacement: should storing the new ones fail, the old ones stay for a session that can read
  // them. The command line stops before this, since its shell may only hold the wrong key (see
  // with-engine.ts).
  const startOver = await vaultUnreadable(connector.vault);
  const identityChanged = connector.settings.isConfigured() && !sameIdentity(candidate, current);
  // A grant belongs to one instance, client and user: a new identity starts from a password grant.
  // The old grant's session is signed out first, so it frees its licence seat now. connection()
  // builds it from the stored grant when this process has none live (the CLI's `setup`).
  if (identityChanged) {
    connector.connection();
    await connector.discardConnection(true);
  }
  let keptUnreadable: string | null = null;
  if (startOver) {
    keptUnreadable = await connector.vault.startOver({ ...secrets, signInIdentity: identityMarker(candidate) });
  } else {
    await connector.vault.setMany({
      ...(setup.clientSecret ? { clientSecret: setup.clientSecret } : {}),
      ...(setup.password ? { password: setup.password } : {}),
      ...(identityChanged ? { refreshToken: null } : {}),
      signInIdentity: identityMarker(candidate),
    });
  }
  // One transaction: a ledger cleared for the new company is never left with the old one's settings.
  // The change is looked at again here, after the awaits above: a cycle running beside this save
  // may have stored pages of the old company meanwhile (on a ledger that held nothing before).
  connector.ledger.transaction(() => {
    const found = companyChange(connector.ledger, current, candidate);
    if (found !== null && setup.companyChoice !== 'same-company') startLedgerOver(connector.ledger, found, copy, Date.now());
    // For a cycle still reading the old address (company-guard.ts). The old address as saved now:
    // another process may have saved since this save began.
    recordCompanyAnswer(connector.ledger.settings, companyOf(connector.settings.all()), companyOf(candidate), setup.companyChoice, Date.now());
    connector.applySetup(setupSettings(setup));
  });
  connector.afterCredentialsChanged();
  await connector.refreshSecretPresence();
  connector.ledger.activity.record({
    level: 'info',
    kind: 'setup.saved',
    message: saveUntested ? 'Connection settings saved without a passing test.' : 'Connection settings saved after a passing test.',
  });
  if (startOver) {
    connector.ledger.activity.record({
      level: 'warn',
      kind: 'setup.vault-replaced',
      message:
        'The stored secrets could not be decrypted, so they were replaced by the ones just entered. Store the webhook secrets again if a webhook is set.' +
        (keptUnreadable === null
          ? ''
          : ` The file that could not be decrypted is kept as ${keptUnreadable}: if another process can read it (the service under its own DROPSTREAM_VAULT_KEY), put it back in place of the new one; otherwise delete it.`),
      ...(keptUnreadable === null ? {} : { details: { keptUnreadable } }),
    });
  }
}

async function vaultUnreadable(vault: Vault): Promise<boolean> {
  try {
    await vault.get('signInIdentity');
    return false;
  } catch (error) {
    if (error instanceof VaultUnreadableError) return true;
    throw error;
  }
}

/**
 * The form's secrets, or the stored ones where they belong to these values (the same instance and
 * client, or instance and user): a missing one is a named error on its field.
 */
async function secretsFor(connector: Connector, setup: SetupValues): Promise<{ clientSecret: string; password: string }> {
  const saved = connector.settings.all();
  const unreadable = await vaultUnreadable(connector.vault);
  // The vault must hold the saved sign-in's secrets too: another program may have moved the settings.
  const vaultMatches = !unreadable && [undefined, identityMarker(saved)].includes(await connector.vault.get('signInIdentity'));
  const configured = connector.settings.isConfigured();
  const usable = configured && vaultMatches ? storedSecretsUsableFor(saved, setup) : { clientSecret: false, password: false };
  const clientSecret = setup.clientSecret ?? (usable.clientSecret ? await connector.vault.get('clientSecret') : undefined);
  const password = setup.password ?? (usable.password ? await connector.vault.get('password') : undefined);
  // Saying why matters when a secret is stored: the admin would otherwise wonder why it is asked again.
  const again = (stored: boolean) =>
    unreadable ? ': the stored one cannot be decrypted' : configured && !stored ? ': the stored one is only sent to the instance, client and user it was entered for' : '';
  if (!clientSecret) throw new OperatorError('invalid-request', `Enter the Client Secret (the Shared Secret value from the Connected Application)${again(usable.clientSecret)}.`, 'clientSecret');
  if (!password) throw new OperatorError('invalid-request', `Enter the integration user's Password${again(usable.password)}.`, 'password');
  return { clientSecret, password };
}
