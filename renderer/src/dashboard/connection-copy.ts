// What each connection state means to the operator and what to do about it. Exhaustive: a new kind
// in the contract fails to compile here until it has words.
import type { Connection, ConnectorStatus } from '../../../preload/api.ts';
import { inArticle } from '../setup/article.ts';
import { formatRelative } from '../format.ts';

export type ConnectionAction = 'open-setup' | 'rotate-secret' | 'sync-now' | 'resume' | 'none';
export type Tone = 'ok' | 'busy' | 'warn' | 'error' | 'muted';

export interface ConnectionCopy {
  title: string;
  explanation: string;
  action: ConnectionAction;
  actionLabel: string;
  tone: Tone;
}

/** An engine message as a sentence of ours: some end with their own full stop, some do not. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]["”')]?$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** "in 40 s"; "in a moment" once the attempt is due (formatRelative would say "just now" or "2 s ago"). */
function nextAttempt(iso: string, now: number): string {
  const when = formatRelative(iso, now);
  return when.startsWith('in ') ? when : 'in a moment';
}

function assertNever(value: never): never {
  throw new Error(`Unhandled connection state: ${JSON.stringify(value)}`);
}

type StoredSecrets = ConnectorStatus['storedSecrets'];

/**
 * Credentials needed, and the dashboard's password form is the way out: the Client Secret is
 * stored and readable, only the Password is not. A vault that cannot be decrypted (both read as not
 * stored) or a missing Client Secret needs Setup; the password form would only fail there.
 */
export function onlyPasswordNeeded(connection: Connection, stored: StoredSecrets): boolean {
  return connection.kind === 'credentials-needed' && stored.clientSecret && !stored.password;
}

export function connectionCopy(connection: Connection, now: number, stored: StoredSecrets): ConnectionCopy {
  switch (connection.kind) {
    case 'not-configured':
      return { title: 'Not set up', explanation: 'The connector has no Acumatica connection yet. Enter the values from the setup article and test them.', action: 'open-setup', actionLabel: 'Open Setup', tone: 'muted' };
    case 'connecting':
      return { title: 'Connecting…', explanation: 'Signing in to Acumatica. This takes a few seconds.', action: 'none', actionLabel: '', tone: 'busy' };
    case 'connected':
      return { title: 'Connected', explanation: 'Orders and shipments are imported on every poll; tracking numbers are posted back.', action: 'none', actionLabel: '', tone: 'ok' };
    case 'syncing':
      return {
        title: 'Syncing…',
        explanation: connection.requested ? 'Running the sync you asked for.' : 'Fetching what changed in Acumatica since the last poll.',
        action: 'none',
        actionLabel: '',
        tone: 'busy',
      };
    case 'retrying':
      return {
        title: 'Retrying',
        explanation: `${asSentence(connection.reason)} The connector tries again ${nextAttempt(connection.nextAttemptAt, now)} on its own.`,
        action: 'sync-now',
        actionLabel: 'Try now',
        tone: 'warn',
      };
    case 'paused':
      return {
        title: 'Paused',
        explanation: connection.until ? `Nothing is imported until ${new Date(connection.until).toLocaleTimeString()} (${formatRelative(connection.until, now)}).` : 'Nothing is imported until you resume.',
        action: 'resume',
        actionLabel: 'Resume',
        tone: 'muted',
      };
    case 'credentials-rejected':
      return {
        title: 'Sign-in rejected',
        explanation: `Acumatica refused the integration user's Username or Password: ${asSentence(connection.description)} The connector stopped signing in so the user is not locked out. Check the user as in ${inArticle('user')}, then enter the password below.`,
        action: 'none',
        actionLabel: '',
        tone: 'error',
      };
    case 'secret-rejected':
      return {
        title: 'Client ID or secret rejected',
        explanation: `Acumatica refused the Client ID or Shared Secret: ${asSentence(connection.description)} Add a new Shared Secret (${inArticle('secret')}) and rotate to it.`,
        action: 'rotate-secret',
        actionLabel: 'Rotate secret',
        tone: 'error',
      };
    case 'access-denied':
      return {
        title: 'Access denied',
        explanation: `Signed in, but the integration user may not read or write what the connector needs: ${asSentence(connection.description)} Give its role the rights listed in ${inArticle('userRoles')}, then test again.`,
        action: 'open-setup',
        actionLabel: 'Test in Setup',
        tone: 'error',
      };
    case 'credentials-needed':
      if (!onlyPasswordNeeded(connection, stored)) {
        return { title: 'Secrets needed', explanation: asSentence(connection.description), action: 'open-setup', actionLabel: 'Open Setup', tone: 'error' };
      }
      return {
        title: 'Password needed',
        explanation: `${asSentence(connection.description)} Enter the integration user's password again below; see ${inArticle('refresh')}.`,
        action: 'none',
        actionLabel: '',
        tone: 'error',
      };
    case 'disconnected':
      return {
        title: connection.storage ? 'Cannot save imported data' : 'Disconnected',
        // A storage failure's reason says what to do about the drive; the network is not it.
        explanation: `${asSentence(connection.reason)} Since ${formatRelative(connection.since, now)}.${connection.storage ? '' : ' Check the network and that Acumatica is up.'}`,
        action: 'sync-now',
        actionLabel: 'Try now',
        tone: 'error',
      };
    default:
      return assertNever(connection);
  }
}
