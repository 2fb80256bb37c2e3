// The Shared Secret reminder, above every screen while the engine says one is due (30, 14, 7, 3, 1
// and 0 days before Expires On, unless snoozed). Red from 3 days: after that Acumatica stops issuing
// tokens and imports stop. The dashboard's countdown stays as the always-on view.
import { useState } from 'react';
import type { ConnectorStatus } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { formatDate } from '../format.ts';

const URGENT_DAYS = 3;

export function reminderText(secret: ConnectorStatus['secret']): string {
  const on = secret.expiresOn === null ? '' : formatDate(secret.expiresOn);
  const days = secret.daysLeft;
  if (days === null) return `Client secret expires on ${on}`;
  if (days < 0) return `Client secret expired on ${on}`;
  if (days === 0) return `Client secret expires today (${on})`;
  return `Client secret expires in ${days === 1 ? '1 day' : `${days} days`} (on ${on})`;
}

export interface SecretBannerProps {
  secret: ConnectorStatus['secret'];
  /** The reminder was snoozed (and this banner, with the button that was pressed, goes away). */
  onSnoozed: (status: ConnectorStatus) => void;
  /** Absent on the rotation wizard itself. */
  onRotate?: (() => void) | undefined;
}

export function SecretBanner({ secret, onSnoozed, onRotate }: SecretBannerProps) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  if (!secret.reminder?.due || secret.expiresOn === null) return null;
  const urgent = secret.daysLeft === null ? false : secret.daysLeft <= URGENT_DAYS;
  const expired = secret.daysLeft !== null && secret.daysLeft < 0;

  async function snooze() {
    setBusy(true);
    setFailure(null);
    try {
      onSnoozed(await api.snoozeSecretReminder());
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className={`banner ${urgent ? 'banner-error' : 'banner-warn'}`} aria-label="Secret expiry reminder" data-urgent={urgent}>
      <p id="secret-banner-text" className="banner-text" role={urgent ? 'alert' : 'status'}>
        <span aria-hidden="true">⚠ </span>
        <strong>{reminderText(secret)}.</strong>{' '}
        {expired ? 'Acumatica no longer issues tokens with it: imports and tracking writeback have stopped.' : 'Rotate it before then to keep orders flowing.'}
      </p>
      <div className="banner-actions">
        {onRotate ? (
          <button type="button" className="button-primary" onClick={onRotate}>
            Rotate now
          </button>
        ) : null}
        <button type="button" className="button-secondary" disabled={busy} onClick={() => void snooze()}>
          Remind me tomorrow
        </button>
      </div>
      {failure ? (
        <p className="banner-failure" role="alert">
          {failure}
        </p>
      ) : null}
    </section>
  );
}
