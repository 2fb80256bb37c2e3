// Which desktop notifications a status deserves, as a pure function. Each kind is shown once per
// episode: `delivered` remembers the episode (persisted, so a restart does not repeat it) and is
// cleared when the connection is healthy again. A lost connection is only reported after a grace
// period, so a blip that the next retry fixes stays silent.
import type { ConnectorStatus, Screen } from '../../preload/api.ts';

export type NoticeKind = 'connection-lost' | 'credentials-rejected' | 'secret-expiring' | 'secret-expired';

export interface Notice {
  kind: NoticeKind;
  title: string;
  body: string;
  /** The screen a click opens. */
  screen: Screen;
}

export interface PolicyState {
  /** Kind -> the episode it was shown for (persisted). */
  delivered: Partial<Record<NoticeKind, string>>;
  /** When the current run of disconnected/retrying began (this process only). */
  troubleSince: number | null;
}

export interface PolicyResult {
  notices: Notice[];
  state: PolicyState;
  /** When to evaluate again even if the status does not change (the grace period ends). */
  recheckAt: number | null;
}

export const CONNECTION_GRACE_MS = 5 * 60_000;
export const SECRET_WARNING_DAYS = 7;

function credentialsNotice(status: ConnectorStatus): Notice | null {
  const connection = status.connection;
  switch (connection.kind) {
    case 'credentials-rejected':
      return { kind: 'credentials-rejected', title: 'Acumatica rejected the sign-in', body: `${connection.description} Orders are not being imported.`, screen: 'setup' };
    case 'secret-rejected':
      return { kind: 'credentials-rejected', title: 'Acumatica rejected the client secret', body: `${connection.description} Orders are not being imported.`, screen: 'rotate-secret' };
    case 'access-denied':
      return { kind: 'credentials-rejected', title: 'Acumatica denied access', body: `${connection.description} Orders are not being imported.`, screen: 'setup' };
    case 'credentials-needed':
      return { kind: 'credentials-rejected', title: 'DropStream needs the credentials again', body: connection.description, screen: 'setup' };
    default:
      return null;
  }
}

/**
 * One notification per reminder threshold (30, 14, 7, 3, 1 days, expiry) of one expiry date. The
 * episode is remembered across restarts, so a threshold passed while the PC was off is shown at the
 * next start, and none is shown twice.
 */
function secretEpisode(status: ConnectorStatus): string | null {
  const { expiresOn, daysLeft, reminder } = status.secret;
  if (expiresOn === null || daysLeft === null) return null;
  if (!reminder) return expiresOn;
  // Expired is its own notice kind: one per expiry date is enough.
  return daysLeft < 0 ? expiresOn : `${expiresOn}@${reminder.threshold}`;
}

function secretNotice(status: ConnectorStatus): Notice | null {
  const { daysLeft, expiresOn, reminder } = status.secret;
  if (daysLeft === null || expiresOn === null) return null;
  if (reminder && daysLeft >= 0) {
    const when = daysLeft === 0 ? 'today' : `in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`;
    return { kind: 'secret-expiring', title: `The client secret expires ${when}`, body: `Create a new shared secret in Acumatica before ${expiresOn} and enter it here.`, screen: 'rotate-secret' };
  }
  if (daysLeft < 0) {
    return { kind: 'secret-expired', title: 'The client secret has expired', body: `It expired on ${expiresOn}. Enter a new shared secret to keep importing orders.`, screen: 'rotate-secret' };
  }
  if (daysLeft <= SECRET_WARNING_DAYS) {
    const when = daysLeft === 0 ? 'today' : `in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`;
    return { kind: 'secret-expiring', title: `The client secret expires ${when}`, body: `Create a new shared secret in Acumatica before ${expiresOn} and enter it here.`, screen: 'rotate-secret' };
  }
  return null;
}

export function evaluateNotices(status: ConnectorStatus, now: number, previous: PolicyState, graceMs = CONNECTION_GRACE_MS): PolicyResult {
  const delivered = { ...previous.delivered };
  const notices: Notice[] = [];
  const kind = status.connection.kind;
  let troubleSince: number | null = null;
  let recheckAt: number | null = null;

  const offer = (notice: Notice | null, episode: string) => {
    if (!notice || delivered[notice.kind] === episode) return;
    delivered[notice.kind] = episode;
    notices.push(notice);
  };

  // Only a cycle that succeeded ends an outage. Each retry is itself a cycle the engine reports as
  // `syncing`; ending the episode there restarted the grace period at every retry (so the first
  // notice came only once the backoff outgrew it) and repeated the notice at every retry after.
  if (kind === 'connected') delete delivered['connection-lost'];
  if (kind === 'connected' || kind === 'syncing') delete delivered['credentials-rejected'];
  // An outage that began "after now" began before the clock was set back: its grace period starts
  // over, rather than lasting until the calendar catches up (a recheck weeks away overflows
  // Node's timer, which then fires every millisecond).
  const since = previous.troubleSince !== null && previous.troubleSince <= now ? previous.troubleSince : null;
  const connection = status.connection;
  if (connection.kind === 'disconnected' || connection.kind === 'retrying') {
    troubleSince = since ?? now;
    if (now - troubleSince >= graceMs) {
      const title = connection.storage ? 'DropStream cannot save what it imports' : 'DropStream lost the connection to Acumatica';
      const body = `${connection.reason} It keeps retrying; orders are imported once ${connection.storage ? 'it can save them' : 'it is back'}.`;
      offer({ kind: 'connection-lost', title, body, screen: 'dashboard' }, 'lost');
    } else if (delivered['connection-lost'] === undefined) {
      recheckAt = troubleSince + graceMs;
    }
  } else if ((kind === 'syncing' || kind === 'connecting') && previous.troubleSince !== null) {
    troubleSince = since ?? now;
    // Still within the grace period: look again when it ends. Past it, the retry's own failure
    // reports the outage (a recheck now would only see this same cycle in flight).
    if (delivered['connection-lost'] === undefined && troubleSince + graceMs > now) recheckAt = troubleSince + graceMs;
  }

  const secret = secretNotice(status);
  // An expired secret explains a rejected one: one notification, not two.
  if (!(secret?.kind === 'secret-expired' && kind === 'secret-rejected')) offer(credentialsNotice(status), kind);
  if (secret) offer(secret, secretEpisode(status) ?? status.secret.expiresOn ?? '');

  return { notices, state: { delivered, troubleSince }, recheckAt };
}
