// THE contract between the UI and the engine. Electron's IPC (main/app/ipc.ts, preload/index.ts)
// and the headless service's HTTP API (main/headless/) both carry exactly these methods and events,
// validated with these schemas on both ends. Plain TypeScript and zod: main, preload and renderer
// all import it, and it imports no electron and no node: module.
import { z } from 'zod';
import { ConnectorStatus } from './schemas/status.ts';
import { settingSchemas, storedSettingSchemas } from './schemas/settings.ts';
import { NewSecretExpiry, SecretValue, SetupInput } from './schemas/setup.ts';
import { PreflightResult } from './schemas/preflight.ts';
import { ActivityEntry, OrderDetail, OrderKey, OrderQuery, OrderSummary } from './schemas/records.ts';
import { quoteKeys } from './schemas/one-line.ts';
import { DeliveryJob, DeliveryStatus, TrackingInput, TrackingStatus, TrackingView, WebhookSecretsInput, WebhookSecretsStored } from './schemas/fulfillment.ts';

export * from './schemas/status.ts';
export * from './schemas/settings.ts';
export * from './schemas/paths.ts';
export * from './schemas/setup.ts';
export * from './schemas/preflight.ts';
export * from './schemas/instance-url.ts';
export * from './schemas/records.ts';
export * from './schemas/fulfillment.ts';

export const CHANNEL_PREFIX = 'connector:';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'headless']),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const SettingsPatch = z.object(settingSchemas).partial().strict();
/**
 * Settings as the engine reports them: as they are read back (storedSettingSchemas), not as a new
 * value must be written. A value an earlier release stored and the write schema now refuses (a
 * status with a tab, a Box ID with a zero-width space) failed this answer, so the Setup screen and
 * the deliveries page could not open to correct it. The connection fields are plain strings
 * because a fresh install has none yet ('' until setup); every write still goes through
 * settingSchemas.
 */
export const SettingsView = z.object({ ...storedSettingSchemas, instanceUrl: z.string(), clientId: z.string(), username: z.string() });

interface MethodSpec {
  channel: `connector:${string}`;
  request: z.ZodType;
  response: z.ZodType;
}

/**
 * Every method the UI may call: its channel, and schemas for what goes each way. Every request
 * object is strict, nested ones too: a field the contract does not know is an error naming it, not
 * silently dropped (a mistyped "clientsecret" would otherwise test with the stored secret, a
 * mistyped "limt" list 200 orders as if asked for them).
 */
export const methods = {
  appInfo: { channel: 'connector:app-info', request: z.undefined(), response: AppInfo },
  getStatus: { channel: 'connector:get-status', request: z.undefined(), response: ConnectorStatus },
  getSettings: { channel: 'connector:get-settings', request: z.undefined(), response: SettingsView },
  updateSettings: { channel: 'connector:update-settings', request: SettingsPatch, response: SettingsView },
  testConnection: { channel: 'connector:test-connection', request: SetupInput, response: PreflightResult },
  saveSetup: {
    channel: 'connector:save-setup',
    request: z.strictObject({ setup: SetupInput, saveUntested: z.boolean().default(false) }),
    response: ConnectorStatus,
  },
  syncNow: { channel: 'connector:sync-now', request: z.undefined(), response: ConnectorStatus },
  pause: {
    channel: 'connector:pause',
    request: z.strictObject({ minutes: z.number().int().min(1).max(7 * 24 * 60).nullable() }),
    response: ConnectorStatus,
  },
  resume: { channel: 'connector:resume', request: z.undefined(), response: ConnectorStatus },
  listOrders: {
    channel: 'connector:list-orders',
    request: OrderQuery,
    response: z.object({ orders: z.array(OrderSummary), total: z.number().int() }),
  },
  getOrder: { channel: 'connector:get-order', request: OrderKey, response: OrderDetail.nullable() },
  rotateSecret: {
    channel: 'connector:rotate-secret',
    request: z.strictObject({ newSecret: SecretValue('new Client Secret'), expiresOn: NewSecretExpiry.nullable() }),
    response: ConnectorStatus,
  },
  updatePassword: {
    channel: 'connector:update-password',
    request: z.strictObject({ password: SecretValue('Password') }),
    response: ConnectorStatus,
  },
  snoozeSecretReminder: { channel: 'connector:snooze-secret-reminder', request: z.undefined(), response: ConnectorStatus },
  listDeliveries: {
    channel: 'connector:list-deliveries',
    request: z.strictObject({ status: DeliveryStatus, limit: z.number().int().min(1).max(1000).default(200) }),
    response: z.array(DeliveryJob),
  },
  retryDelivery: { channel: 'connector:retry-delivery', request: z.strictObject({ id: z.number().int().min(1) }), response: z.array(DeliveryJob) },
  // Closes a parked delivery unsent (settled by hand); answers the parked list, as retryDelivery.
  dismissDelivery: { channel: 'connector:dismiss-delivery', request: z.strictObject({ id: z.number().int().min(1) }), response: z.array(DeliveryJob) },
  addTracking: {
    channel: 'connector:add-tracking',
    request: TrackingInput,
    // The number's status after the call: entered before, a failed one is not posted until retried
    // or entered with a corrected Box ID, weight or carrier, and the form has to say so.
    response: z.object({ queued: z.boolean(), id: z.number().int(), status: TrackingStatus }),
  },
  listTracking: {
    channel: 'connector:list-tracking',
    request: z.strictObject({ status: TrackingStatus, limit: z.number().int().min(1).max(1000).default(200) }),
    response: z.array(TrackingView),
  },
  retryTracking: { channel: 'connector:retry-tracking', request: z.strictObject({ id: z.number().int().min(1) }), response: z.object({ requeued: z.boolean() }) },
  // Closes a failed number without writing it (entered in Acumatica by hand, or a mistake); false when it was not failed.
  dismissTracking: { channel: 'connector:dismiss-tracking', request: z.strictObject({ id: z.number().int().min(1) }), response: z.object({ dismissed: z.boolean() }) },
  webhookSecretsStored: { channel: 'connector:webhook-secrets-stored', request: z.undefined(), response: WebhookSecretsStored },
  setWebhookSecrets: { channel: 'connector:set-webhook-secrets', request: WebhookSecretsInput, response: WebhookSecretsStored },
  listActivity: {
    channel: 'connector:list-activity',
    // minLevel: the Errors filter lists the newest errors, not the errors among the newest entries.
    request: z.strictObject({ limit: z.number().int().min(1).max(1000).default(200), minLevel: z.enum(['info', 'warn', 'error']).default('info') }),
    response: z.array(ActivityEntry),
  },
} as const satisfies Record<string, MethodSpec>;

/** The screens main can ask the UI to show: a notification or a tray item names the one to open. */
export const Screen = z.enum(['dashboard', 'setup', 'rotate-secret', 'activity']);
export type Screen = z.infer<typeof Screen>;

/** A sync cycle began or ended: what it did, what it cost, and the classified error if it failed. */
export const CycleEvent = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('started'), requested: z.boolean(), at: z.string() }),
  z.object({
    phase: z.literal('finished'),
    at: z.string(),
    durationMs: z.number(),
    requests: z.number().int(),
    orders: z.object({ imported: z.number().int(), updated: z.number().int() }),
    shipments: z.object({ imported: z.number().int(), updated: z.number().int() }),
    error: z.object({ kind: z.string(), message: z.string(), retryable: z.boolean() }).nullable(),
  }),
]);
export type CycleEvent = z.infer<typeof CycleEvent>;

/** Pushed from the engine to the UI. Order and activity events come in batches. */
export const events = {
  cycle: { channel: 'connector:event-cycle', payload: CycleEvent },
  status: { channel: 'connector:event-status', payload: ConnectorStatus },
  orders: { channel: 'connector:event-orders', payload: z.array(OrderSummary) },
  activity: { channel: 'connector:event-activity', payload: z.array(ActivityEntry) },
  navigate: { channel: 'connector:event-navigate', payload: z.object({ screen: Screen }) },
} as const satisfies Record<string, { channel: `connector:${string}`; payload: z.ZodType }>;

export type MethodName = keyof typeof methods;
export type EventName = keyof typeof events;
export type RequestOf<M extends MethodName> = z.input<(typeof methods)[M]['request']>;
export type ParsedRequestOf<M extends MethodName> = z.output<(typeof methods)[M]['request']>;
export type ResponseOf<M extends MethodName> = z.output<(typeof methods)[M]['response']>;
export type PayloadOf<E extends EventName> = z.output<(typeof events)[E]['payload']>;

/** Why a call failed, in words for the operator; `field` names the form field when one is at fault. */
export const ErrorBody = z.object({
  code: z.enum(['invalid-request', 'not-configured', 'refused', 'failed']),
  message: z.string(),
  field: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Every answer travels in this envelope, so a failure keeps its code and field across IPC/HTTP. */
export const Envelope = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorBody }),
]);
export type Envelope = z.infer<typeof Envelope>;

export class ConnectorError extends Error {
  readonly code: ErrorBody['code'];
  readonly field: string | undefined;
  constructor(body: ErrorBody) {
    super(body.message);
    this.name = 'ConnectorError';
    this.code = body.code;
    this.field = body.field;
  }
}

type MethodFn<M extends MethodName> = RequestOf<M> extends undefined
  ? () => Promise<ResponseOf<M>>
  : (request: RequestOf<M>) => Promise<ResponseOf<M>>;

/** What the renderer talks to: window.connector in Electron, an HTTP/SSE client headless. */
export type ConnectorApi = { [M in MethodName]: MethodFn<M> } & {
  on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): () => void;
};

/**
 * The words for a request's issues where the schema has none of its own. Zod's own message for an
 * unknown member quotes every name whole: a payload with a megabyte-long one got it back in full.
 */
export const requestIssueWords: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'unrecognized_keys' ? `Unrecognized key${issue.keys.length === 1 ? '' : 's'}: ${quoteKeys(issue.keys)}` : undefined;

/** Turn a validation failure into the error the UI shows next to the field at fault. */
export function invalidRequest(error: z.ZodError): ErrorBody {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  const body: ErrorBody = { code: 'invalid-request', message: issue?.message ?? 'The request is not valid.' };
  if (field) body.field = field;
  return body;
}

/** Unwrap an envelope on the UI side, throwing ConnectorError for a failure. */
export function unwrapEnvelope<M extends MethodName>(method: M, raw: unknown): ResponseOf<M> {
  const envelope = Envelope.safeParse(raw);
  if (!envelope.success) throw new ConnectorError({ code: 'failed', message: `${method}: the engine sent a malformed answer.` });
  if (!envelope.data.ok) throw new ConnectorError(envelope.data.error);
  const value = methods[method].response.safeParse(envelope.data.value);
  if (!value.success) throw new ConnectorError({ code: 'failed', message: `${method}: the engine's answer failed its schema.` });
  return value.data as ResponseOf<M>;
}

/**
 * The minimal surface a transport offers: Electron's preload exposes exactly this as
 * window.connector (plain data only crosses the context bridge, so errors travel as envelopes),
 * and the headless client implements it over fetch and EventSource.
 */
export interface ConnectorTransport {
  invoke(method: MethodName, request: unknown): Promise<unknown>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** The typed API the renderer uses, over either transport. Answers and events are validated here. */
export function createConnectorApi(transport: ConnectorTransport): ConnectorApi {
  const api: Record<string, unknown> = {};
  for (const method of Object.keys(methods) as MethodName[]) {
    api[method] = async (request?: unknown) => unwrapEnvelope(method, await transport.invoke(method, request));
  }
  api.on = <E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void) =>
    transport.on(event, (payload) => {
      const parsed = events[event].payload.safeParse(payload);
      if (parsed.success) listener(parsed.data as PayloadOf<E>);
    });
  return api as ConnectorApi;
}

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
