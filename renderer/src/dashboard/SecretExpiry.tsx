// The Shared Secret's countdown: Acumatica stops issuing tokens the day it expires, so warn early.
import type { ConnectorStatus } from '../../../preload/api.ts';
import { inArticle } from '../setup/article.ts';

const WARN_DAYS = 30;

export function SecretExpiry({ secret }: { secret: ConnectorStatus['secret'] }) {
  if (secret.expiresOn === null) {
    return (
      <div className="stat">
        <dt>Shared secret</dt>
        <dd>Never expires</dd>
      </div>
    );
  }
  const days = secret.daysLeft;
  // Expires On is the secret's last valid day (Acumatica refuses it after that date), so the day
  // itself is "today", as the banner, the tray and `status` say; only after it is it expired.
  const expired = days !== null && days < 0;
  const tone = days !== null && days <= 0 ? 'error' : days !== null && days <= WARN_DAYS ? 'warn' : 'ok';
  const text =
    days === null
      ? `Expires ${secret.expiresOn}`
      : expired
        ? `Expired on ${secret.expiresOn}`
        : days === 0
          ? 'Expires today'
          : days === 1
            ? '1 day left'
            : `${days} days left`;
  return (
    <div className={`stat stat-${tone}`}>
      <dt>Shared secret</dt>
      <dd>
        {text}
        {days !== null && days >= 0 ? <span className="stat-sub"> (expires {secret.expiresOn})</span> : null}
        {tone !== 'ok' ? (
          <span className="stat-hint">
            {expired ? 'Acumatica no longer accepts it: ' : days === 0 ? 'Rotate it today: ' : 'Rotate it before then: '}add a new Shared Secret in Acumatica, switch to it
            with Rotate secret, then remove the old one (see {inArticle('expiry')}).
          </span>
        ) : null}
      </dd>
    </div>
  );
}
