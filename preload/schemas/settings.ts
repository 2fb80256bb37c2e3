// Non-secret settings: one schema per key, shared by the UI, `config set` and main. A value typed on
// the command line arrives as a string; `parseSettingText` turns it into the key's type first.
import { z } from 'zod';
import { oneLine, quoteKeys } from './one-line.ts';
import { AbsolutePath } from './paths.ts';
import { ClientId, EndpointVersion, InstanceUrl, IsoDate, OrderTypes, OrderTypesAsStored, PollIntervalSecondsValue, Statuses, StatusesAsStored, Username } from './setup.ts';

// Numbers, not coerced: the JSON API takes numbers, and `config set` text is converted strictly
// (parseSettingText), so "0x20", "1e3" or [20] are refused rather than read as 32, 1000 or 20.
// Number.isInteger, not .int(), which calls a number past 2^53 not whole: the bound after it names that one.
const WholeNumber = (unit: string) => z.number({ error: `Use a whole number of ${unit}.` }).refine(Number.isInteger, `Use a whole number of ${unit}.`);
const Days = (min: number, max: number) => WholeNumber('days').min(min, min === 1 ? 'Give at least 1 day.' : `Give at least ${min} days.`).max(max, `Give at most ${max} days.`);

/**
 * A JSON object typed by hand: a misspelt key is refused, not dropped. Dropped, `{"webhok":...}`
 * saved as "no webhook" and turned a working destination off without a word.
 */
const JsonObject = <Shape extends z.ZodRawShape>(shape: Shape) => {
  const keys = Object.keys(shape).map((key) => JSON.stringify(key)).join(' and ');
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return `Unknown key ${quoteKeys(issue.keys)}: the keys here are ${keys}.`;
      if (issue.code === 'invalid_type') return `Give a JSON object with ${keys}.`;
      return undefined;
    },
  });
};

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const webhookShape = {
  url: z
    .string()
    .trim()
    .max(2048, 'The webhook URL is too long: an address has at most 2048 characters.')
    // abort: a value that is no address gets this one message, not the https rule's as well.
    .url({ message: 'The webhook URL is not a web address.', abort: true })
    .refine((raw) => {
      // URL.parse, not new URL(): a check must answer, never throw (that was a crash, not a message).
      const url = URL.parse(raw);
      if (url === null) return true;
      return !url.username && !url.password && (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname)));
    }, 'The webhook URL must use https:// (http:// only for this computer), without a user name or password.'),
  timeoutSeconds: WholeNumber('seconds').min(1, 'Wait at least 1 second for the webhook.').max(300, 'Wait at most 300 seconds for the webhook.').default(30),
};
const folderShape = {
  path: AbsolutePath('The export folder'),
  format: z.enum(['json', 'csv'], { error: 'Give "json" or "csv".' }).default('json'),
};
/** Where imported orders and shipments go; any combination, or none. The webhook's secrets live in the vault. */
export const Destinations = JsonObject({ webhook: JsonObject(webhookShape).nullable().default(null), folder: JsonObject(folderShape).nullable().default(null) });
/**
 * The same, as read back from the ledger: a key it does not know is ignored there, not refused. A
 * later version may store one (a new webhook option); after a rollback to this one, refusing it
 * would fail every read of the settings, and so every cycle, until someone edited the ledger.
 */
const DestinationsAsStored = z.object({ webhook: z.object(webhookShape).nullable().default(null), folder: z.object(folderShape).nullable().default(null) });

const TrueOrFalse = z.boolean({ error: 'Give true or false.' });

export const settingSchemas = {
  instanceUrl: InstanceUrl,
  clientId: ClientId,
  username: Username,
  secretExpiresOn: IsoDate.nullable(),
  endpointVersion: EndpointVersion,
  caFile: AbsolutePath('The CA certificate file').nullable(),
  pollIntervalSeconds: PollIntervalSecondsValue,
  orderTypes: OrderTypes,
  orderStatuses: Statuses,
  shipmentStatuses: Statuses,
  firstRunDays: Days(1, 365),
  retentionDays: Days(7, 3650),
  slidingWindowDays: Days(1, 3650),
  requestsPerMinute: WholeNumber('requests').min(10, 'Allow at least 10 requests a minute.').max(10_000, 'Allow at most 10000 requests a minute.'),
  pageSize: WholeNumber('records').min(10, 'Fetch at least 10 records a page.').max(1000, 'Fetch at most 1000 records a page.'),
  quietNotifications: TrueOrFalse,
  destinations: Destinations,
  trackingInboxDir: AbsolutePath('The tracking inbox folder').nullable(),
  confirmShipments: TrueOrFalse,
  createShipmentsForOrders: TrueOrFalse,
  defaultBoxId: oneLine(z.string().trim().min(1, 'Give a Box ID, or none.').max(30, 'A Box ID has at most 30 characters.'), 'A Box ID').nullable(),
  secretReminderSnoozedUntil: z.string().datetime('Give a date and time such as 2026-12-01T09:00:00Z, or none.').nullable(),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type Settings = { [K in SettingKey]: z.output<(typeof settingSchemas)[K]> };

/**
 * How stored values are read back: as they are written, but tolerant where a later version may add
 * to them, and where an earlier one stored what is now refused (order types, statuses, the Login and
 * the Box ID before they had to be one printable line): refused on reading, such a value would lock
 * the settings out instead of being shown for correcting.
 */
export const storedSettingSchemas: { readonly [K in SettingKey]: z.ZodType<Settings[K]> } = {
  ...settingSchemas,
  destinations: DestinationsAsStored,
  orderTypes: OrderTypesAsStored,
  orderStatuses: StatusesAsStored,
  shipmentStatuses: StatusesAsStored,
  username: z.string(),
  defaultBoxId: z.string().nullable(),
};

export const settingDefaults: Settings = {
  instanceUrl: '',
  clientId: '',
  username: '',
  secretExpiresOn: null,
  endpointVersion: 'auto',
  caFile: null,
  pollIntervalSeconds: 60,
  orderTypes: ['SO'],
  orderStatuses: ['Open'],
  shipmentStatuses: ['Open', 'Confirmed'],
  firstRunDays: 7,
  retentionDays: 90,
  slidingWindowDays: 15,
  requestsPerMinute: 60,
  pageSize: 500,
  quietNotifications: false,
  destinations: { webhook: null, folder: null },
  trackingInboxDir: null,
  confirmShipments: false,
  createShipmentsForOrders: false,
  defaultBoxId: null,
  secretReminderSnoozedUntil: null,
};

export const settingDescriptions: Record<SettingKey, string> = {
  instanceUrl: 'base URL of the Acumatica instance',
  clientId: 'Connected Application client ID (<GUID>@<Tenant>)',
  username: 'Login of the integration user',
  secretExpiresOn: "the shared secret's Expires On date (YYYY-MM-DD), or none",
  endpointVersion: 'contract-based endpoint version, or auto',
  caFile: 'extra CA certificate file (PEM) for an internal certificate authority, or none',
  pollIntervalSeconds: 'seconds between sync cycles (15 to 86400)',
  orderTypes: 'sales order types to import, comma-separated',
  orderStatuses: 'sales order statuses to import, comma-separated',
  shipmentStatuses: 'shipment statuses to import, comma-separated',
  firstRunDays: 'on the first run, import what changed in this many days',
  retentionDays: "keep finished records, activity and the tracking inbox's processed/ and rejected/ files this many days",
  slidingWindowDays: "the Connected Application's refresh-token Sliding Lifetime, in days",
  requestsPerMinute: 'most requests a minute the connector sends to Acumatica',
  pageSize: 'records per list request (lower it if Acumatica answers "Optimization cannot be performed")',
  quietNotifications: 'true to show no desktop notifications',
  destinations: 'JSON: {"webhook":{"url":"https://..."} or null,"folder":{"path":"/abs/dir","format":"json"|"csv"} or null}',
  trackingInboxDir: 'folder watched for tracking CSV files, or none',
  confirmShipments: 'true to confirm a shipment in Acumatica after posting its tracking number',
  createShipmentsForOrders: 'true to create a shipment for an order that has none (counts against the licence transactions)',
  defaultBoxId: 'Box ID for packages the connector adds when the CSV gives none, or none',
  secretReminderSnoozedUntil: 'the secret-expiry banner is snoozed until this time ("Remind me tomorrow"), or none',
};

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingSchemas, key);
}

export type SettingParse = { ok: true; value: unknown } | { ok: false; message: string };

/** Parse a value typed as text (the command line) into the key's type, with the key's own message. */
export function parseSettingText(key: SettingKey, text: string): SettingParse {
  const trimmed = text.trim();
  const defaultValue = settingDefaults[key];
  // Only plain decimal digits are a number here: Number() would also read "0x20", "1e3" and "".
  if (typeof defaultValue === 'number' && !/^-?\d+$/.test(trimmed)) return { ok: false, message: `${key}: give a whole number (got "${trimmed.slice(0, 40)}").` };
  if (isJsonSetting(defaultValue)) {
    try {
      JSON.parse(trimmed);
    } catch (error) {
      return { ok: false, message: `${key}: the value is not valid JSON (${error instanceof Error ? error.message : String(error)}); see "config list" for its shape.` };
    }
  }
  const raw = textToRaw(key, trimmed);
  const result = settingSchemas[key].safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  // Inside a JSON value, name the field too: destinations.folder.format.
  const where = [key, ...(issue?.path ?? []).map(String)].join('.');
  return { ok: false, message: `${where}: ${issue?.message ?? 'invalid value'}` };
}

/** The words `config set` takes for "no value" on a setting that may be empty. */
export function meansNoValue(text: string): boolean {
  return text === '' || text === 'none' || text === 'never';
}

function isJsonSetting(defaultValue: unknown): boolean {
  return defaultValue !== null && typeof defaultValue === 'object' && !Array.isArray(defaultValue);
}

/** The text as the key's type; parseSettingText has already refused text that cannot be one. */
function textToRaw(key: SettingKey, text: string): unknown {
  const defaultValue = settingDefaults[key];
  if (isJsonSetting(defaultValue)) return JSON.parse(text);
  if (typeof defaultValue === 'number') return Number(text);
  if (Array.isArray(defaultValue)) return text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (typeof defaultValue === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  if (defaultValue === null && meansNoValue(text)) return null;
  return text;
}

export function settingToText(value: unknown): string {
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
