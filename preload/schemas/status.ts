// What the tray, the dashboard and `status` show. Derived by the engine from its state on demand;
// never stored on its own.
import { z } from 'zod';

const Iso = z.string();

/**
 * Set when the failure is the connector's own storage (a full drive under the ledger, an unwritable
 * vault), not Acumatica or the network: the advice then must not send the operator to the network.
 */
const Storage = z.literal(true).optional();

/** The connection, as the operator should understand it. Exactly one applies at a time. */
export const Connection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('not-configured') }),
  z.object({ kind: z.literal('connecting') }),
  z.object({ kind: z.literal('connected') }),
  z.object({ kind: z.literal('syncing'), requested: z.boolean() }),
  z.object({ kind: z.literal('retrying'), reason: z.string(), nextAttemptAt: Iso, storage: Storage }),
  z.object({ kind: z.literal('paused'), until: Iso.nullable() }),
  z.object({ kind: z.literal('credentials-rejected'), description: z.string() }),
  z.object({ kind: z.literal('secret-rejected'), description: z.string() }),
  z.object({ kind: z.literal('access-denied'), description: z.string() }),
  z.object({ kind: z.literal('credentials-needed'), description: z.string() }),
  z.object({ kind: z.literal('disconnected'), reason: z.string(), since: Iso, storage: Storage }),
]);
export type Connection = z.infer<typeof Connection>;
export type ConnectionKind = Connection['kind'];

export const Counts = z.object({
  importedToday: z.number().int(),
  ordersTotal: z.number().int(),
  shipmentsTotal: z.number().int(),
  pendingDeliveries: z.number().int(),
  trackingPosted: z.number().int(),
  errorsToday: z.number().int(),
});
export type Counts = z.infer<typeof Counts>;

/** Reminder days before the shared secret's Expires On; 0 is the day itself (and after). */
export const SECRET_REMINDER_DAYS = [30, 14, 7, 3, 1, 0] as const;

export const SecretExpiry = z.object({
  expiresOn: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
  /** The reminder in force: the threshold reached, and whether to show it now (not snoozed). */
  reminder: z.object({ threshold: z.number().int(), due: z.boolean(), snoozedUntil: z.string().nullable() }).nullable().optional(),
});

export const RefreshTokenHealth = z.object({
  lastRefreshAt: Iso.nullable(),
  issuedAt: Iso.nullable(),
  slidingWindowDays: z.number(),
  /** Days since the refresh token was issued (each refresh issues a new one). */
  ageDays: z.number().nullable().optional(),
  /** Past 80 % of the sliding window without a refresh: resume syncing or it will need the password. */
  warning: z.boolean().optional(),
});

export const ConnectorStatus = z.object({
  /**
   * Increases with every status the engine derives. An action's answer can arrive after a newer
   * status event (the cycle it started already finished): the UI keeps the higher revision.
   */
  revision: z.number().int().optional(),
  connection: Connection,
  lastSyncAt: Iso.nullable(),
  nextSyncAt: Iso.nullable(),
  counts: Counts,
  secret: SecretExpiry,
  refreshToken: RefreshTokenHealth,
  storedSecrets: z.object({ clientSecret: z.boolean(), password: z.boolean() }),
  /**
   * Paused, whatever the connection shows: a credential problem outranks "paused" there, and the
   * tray and dashboard must still offer Resume rather than Pause. Null when not paused.
   */
  paused: z.object({ until: Iso.nullable() }).nullable().optional(),
  /**
   * When the imported records were last cleared for a move to another Acumatica company (null:
   * never). A window that loaded its lists before reloads them when this changes, whichever
   * process made the move.
   */
  recordsStartedOverAt: Iso.nullable(),
});
export type ConnectorStatus = z.infer<typeof ConnectorStatus>;
