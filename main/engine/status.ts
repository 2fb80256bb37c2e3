// The connector's status, derived on demand from what the engine knows. Nothing here is stored:
// the tray, the dashboard and `status` all read this one function's answer.
import type { AuthState } from '../acumatica/token-manager.ts';
import type { LedgerCounts } from '../store/index.ts';
import { SECRET_REMINDER_DAYS, type Connection, type ConnectorStatus } from '../../preload/api.ts';

/** Failures shorter than this are "retrying"; longer, the operator should know: "disconnected". */
export const DISCONNECTED_AFTER_MS = 5 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

export type CycleFailure = { kind: string; message: string; retryable: boolean };

export interface EngineSnapshot {
  revision: number;
  now: number;
  configured: boolean;
  /** Why the stored credentials cannot be used (vault unreadable, a secret missing), if so. */
  credentialsProblem: string | null;
  auth: AuthState;
  pausedUntil: number | null | undefined;
  cycle: { requested: boolean; startedAt: number } | null;
  lastFailure: (CycleFailure & { since: number }) | null;
  lastSyncAt: number | null;
  nextSyncAt: number | null;
  counts: LedgerCounts;
  shipmentsTotal: number;
  secretExpiresOn: string | null;
  secretReminderSnoozedUntil: string | null;
  slidingWindowDays: number;
  /** When the refresh token was issued: read from the vault at start, then as of the last connected state (null without one). */
  storedRefreshIssuedAt: number | null;
  storedSecrets: { clientSecret: boolean; password: boolean };
  recordsStartedOverAt: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function deriveConnection(s: EngineSnapshot): Connection {
  if (!s.configured) return { kind: 'not-configured' };
  if (s.credentialsProblem) return { kind: 'credentials-needed', description: s.credentialsProblem };
  if (s.auth.kind === 'credentials-rejected') return { kind: 'credentials-rejected', description: s.auth.description };
  if (s.auth.kind === 'secret-rejected') return { kind: 'secret-rejected', description: s.auth.description };
  // The same two, as the last cycle of another process (the service) recorded them.
  if (s.lastFailure?.kind === 'credentials-rejected') return { kind: 'credentials-rejected', description: s.lastFailure.message };
  if (s.lastFailure?.kind === 'secret-rejected') return { kind: 'secret-rejected', description: s.lastFailure.message };
  if (s.lastFailure?.kind === 'forbidden') return { kind: 'access-denied', description: s.lastFailure.message };
  if (s.cycle) return { kind: 'syncing', requested: s.cycle.requested };
  if (s.pausedUntil !== undefined) return { kind: 'paused', until: iso(s.pausedUntil) };
  if (s.lastFailure) {
    const storage = s.lastFailure.kind === 'storage' ? { storage: true as const } : {};
    if (s.now - s.lastFailure.since >= DISCONNECTED_AFTER_MS) return { kind: 'disconnected', reason: s.lastFailure.message, since: iso(s.lastFailure.since)!, ...storage };
    return { kind: 'retrying', reason: s.lastFailure.message, nextAttemptAt: iso(s.nextSyncAt ?? s.now)!, ...storage };
  }
  if (s.auth.kind === 'retrying') return { kind: 'retrying', reason: s.auth.reason, nextAttemptAt: iso(s.auth.nextAttemptAt)! };
  if (s.lastSyncAt === null) return { kind: 'connecting' };
  return { kind: 'connected' };
}

/** Whole days from today (UTC) to the secret's Expires On (UTC); negative once expired. */
export function daysUntil(dateYmd: string | null, now: number): number | null {
  if (dateYmd === null) return null;
  const expires = Date.parse(`${dateYmd}T00:00:00Z`);
  const today = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  return Math.round((expires - today) / DAY_MS);
}

/** The expiry, and the reminder threshold it has reached (30, 14, 7, 3, 1 days, then 0: expired). */
export function secretExpiry(s: Pick<EngineSnapshot, 'secretExpiresOn' | 'secretReminderSnoozedUntil' | 'now'>): ConnectorStatus['secret'] {
  const daysLeft = daysUntil(s.secretExpiresOn, s.now);
  const threshold = daysLeft === null ? undefined : [...SECRET_REMINDER_DAYS].reverse().find((days) => daysLeft <= days);
  const snoozed = s.secretReminderSnoozedUntil !== null && Date.parse(s.secretReminderSnoozedUntil) > s.now;
  return {
    expiresOn: s.secretExpiresOn,
    daysLeft,
    reminder: threshold === undefined ? null : { threshold, due: !snoozed, snoozedUntil: snoozed ? s.secretReminderSnoozedUntil : null },
  };
}

/** The refresh token's age against the sliding window; warns past 80 % of it. */
export function refreshTokenHealth(s: Pick<EngineSnapshot, 'now' | 'slidingWindowDays'>, lastRefreshAt: number | null, issuedAt: number | null): ConnectorStatus['refreshToken'] {
  const ageDays = issuedAt === null ? null : Math.max(0, (s.now - issuedAt) / DAY_MS);
  return {
    lastRefreshAt: iso(lastRefreshAt),
    issuedAt: iso(issuedAt),
    slidingWindowDays: s.slidingWindowDays,
    ageDays: ageDays === null ? null : Math.round(ageDays * 10) / 10,
    warning: ageDays !== null && ageDays >= 0.8 * s.slidingWindowDays,
  };
}

export function deriveStatus(s: EngineSnapshot): ConnectorStatus {
  const connected = s.auth.kind === 'connected' ? s.auth : null;
  return {
    revision: s.revision,
    connection: deriveConnection(s),
    lastSyncAt: iso(s.lastSyncAt),
    // Not set up, the poller only looks for a setup: no sync is planned.
    nextSyncAt: s.configured ? iso(s.nextSyncAt) : null,
    counts: {
      importedToday: s.counts.ordersImportedToday,
      ordersTotal: s.counts.ordersTotal,
      shipmentsTotal: s.shipmentsTotal,
      pendingDeliveries: s.counts.outboxPending,
      trackingPosted: s.counts.trackingPosted,
      errorsToday: s.counts.errorsToday,
    },
    secret: secretExpiry(s),
    refreshToken: refreshTokenHealth(s, connected?.lastRefreshAt ?? null, connected?.refreshTokenIssuedAt ?? s.storedRefreshIssuedAt),
    storedSecrets: s.storedSecrets,
    paused: s.pausedUntil === undefined ? null : { until: iso(s.pausedUntil) },
    recordsStartedOverAt: s.recordsStartedOverAt,
  };
}
