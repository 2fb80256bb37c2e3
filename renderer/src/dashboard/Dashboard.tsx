// The dashboard: the connection state first, then when it last and next syncs, the counts, the
// secret's countdown and the sync controls.
import { useEffect, useRef, useState } from 'react';
import type { ConnectorStatus } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { formatCount, formatRelative, formatTime } from '../format.ts';
import { useNow } from '../hooks/useNow.ts';
import { ConnectionState } from './ConnectionState.tsx';
import { connectionCopy, onlyPasswordNeeded } from './connection-copy.ts';
import { PasswordHelp } from './PasswordHelp.tsx';
import { RefreshTokenHealth } from './RefreshTokenHealth.tsx';
import { SecretExpiry } from './SecretExpiry.tsx';
import { SyncControls } from './SyncControls.tsx';

export interface DashboardProps {
  status: ConnectorStatus;
  onStatus: (status: ConnectorStatus) => void;
  onOpenSetup: () => void;
  onRotateSecret: () => void;
}

export function Dashboard({ status, onStatus, onOpenSetup, onRotateSecret }: DashboardProps) {
  const api = useApi();
  const now = useNow();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const sectionRef = useRef<HTMLElement>(null);
  // Counts the actions that have answered; the effect below runs after each has rendered.
  const [answered, setAnswered] = useState(0);

  async function act(run: () => Promise<ConnectorStatus>) {
    setBusy(true);
    setFailure(null);
    try {
      onStatus(await run());
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
      setAnswered((count) => count + 1);
    }
  }

  // The button pressed may be gone (Pause turns into Resume) or was disabled while its action ran,
  // and either drops the keyboard focus to the page: the next Tab then started over from the top.
  // Only a focus so lost moves, to the dashboard's first control that can take it.
  useEffect(() => {
    if (answered === 0 || (document.activeElement !== null && document.activeElement !== document.body)) return;
    sectionRef.current?.querySelector<HTMLElement>('button:not(:disabled)')?.focus();
  }, [answered]);
  const syncNow = () => void act(() => api.syncNow());
  const resume = () => void act(() => api.resume());
  const { counts } = status;

  return (
    <section className="screen dashboard" aria-labelledby="dashboard-heading" ref={sectionRef}>
      <h2 id="dashboard-heading" className="visually-hidden" tabIndex={-1}>
        Dashboard
      </h2>
      <ConnectionState
        connection={status.connection}
        now={now}
        stored={status.storedSecrets}
        busy={busy}
        onAction={(action) => (action === 'open-setup' ? onOpenSetup() : action === 'rotate-secret' ? onRotateSecret() : action === 'resume' ? resume() : syncNow())}
      />
      {status.connection.kind === 'credentials-rejected' || onlyPasswordNeeded(status.connection, status.storedSecrets) ? (
        <PasswordHelp kind={status.connection.kind === 'credentials-rejected' ? 'credentials-rejected' : 'credentials-needed'} onStatus={onStatus} onOpenSetup={onOpenSetup} />
      ) : null}
      {failure ? (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      ) : null}
      <SyncControls connection={status.connection} paused={status.connection.kind === 'paused' || Boolean(status.paused)} primary={connectionCopy(status.connection, now, status.storedSecrets).action} busy={busy} onSyncNow={syncNow} onResume={resume} onPause={(minutes) => void act(() => api.pause({ minutes }))} />
      <dl className="stats">
        <div className="stat">
          <dt>Last sync</dt>
          <dd title={formatTime(status.lastSyncAt)}>{formatRelative(status.lastSyncAt, now)}</dd>
        </div>
        <div className="stat">
          <dt>Next sync</dt>
          {/* The poller plans the next sync when a cycle ends; while the one due runs, its time is past. */}
          <dd title={formatTime(status.nextSyncAt)}>{status.nextSyncAt === null ? 'not scheduled' : Date.parse(status.nextSyncAt) <= now ? 'now' : formatRelative(status.nextSyncAt, now)}</dd>
        </div>
        <div className="stat">
          <dt>Imported today</dt>
          <dd>{formatCount(counts.importedToday)}</dd>
        </div>
        <div className="stat">
          <dt>Orders in total</dt>
          <dd>{formatCount(counts.ordersTotal)}</dd>
        </div>
        <div className="stat">
          <dt>Shipments in total</dt>
          <dd>{formatCount(counts.shipmentsTotal)}</dd>
        </div>
        <div className={counts.pendingDeliveries > 0 ? 'stat stat-warn' : 'stat'}>
          <dt>Pending deliveries</dt>
          <dd>{formatCount(counts.pendingDeliveries)}</dd>
        </div>
        <div className="stat">
          <dt>Tracking posted</dt>
          <dd>{formatCount(counts.trackingPosted)}</dd>
        </div>
        <div className={counts.errorsToday > 0 ? 'stat stat-error' : 'stat'}>
          <dt>Errors today</dt>
          <dd>{formatCount(counts.errorsToday)}</dd>
        </div>
        <SecretExpiry secret={status.secret} />
        <RefreshTokenHealth health={status.refreshToken} />
      </dl>
    </section>
  );
}
