// Bad requests for every method of the contract, for the fuzz tests of both transports: the
// headless service's HTTP API and the Electron IPC router. Each case starts from a request its
// schema accepts and breaks one thing in it, so the answer must name that one thing. Cases are JSON
// text, because "__proto__" as an own key, 1e309 and 10,000 levels of nesting exist only as text;
// the IPC side gets what JSON.parse makes of the same text.
import { dispatch, OperatorError, type EngineHandlers } from '../../main/engine/dispatch.ts';
import { methods, type MethodName } from '../../preload/api.ts';

/** Marks the secrets in the requests below: no answer may ever repeat one. */
export const SECRET_MARK = 'fuzz-secret-7c1e';

const setup = {
  // Port 9 (discard) on this computer: should a case ever get through, it reaches nothing.
  instanceUrl: 'http://127.0.0.1:9/AcumaticaERP',
  clientId: '03539A80-9BBD-231F-0435-7FBC92E9CD3F@Fuzz',
  clientSecret: `${SECRET_MARK}-client`,
  username: 'dropstream',
  password: `${SECRET_MARK}-password`,
  secretExpiresOn: null,
  endpointVersion: 'auto',
  caFile: '/etc/ssl/fuzz-ca.pem',
  pollIntervalSeconds: 60,
  orderTypes: ['SO'],
  orderStatuses: ['Open'],
  companyChoice: 'same-company',
};

/** One request each method accepts (never sent as it is). `undefined`: the method takes none. */
export const validRequests = {
  appInfo: undefined,
  getStatus: undefined,
  getSettings: undefined,
  // Every setting but the three naming the sign-in, which only Setup changes (SetupInput covers them).
  updateSettings: {
    secretExpiresOn: '2099-01-01',
    endpointVersion: '24.200.001',
    caFile: '/etc/ssl/fuzz-ca.pem',
    pollIntervalSeconds: 60,
    orderTypes: ['SO'],
    orderStatuses: ['Open'],
    shipmentStatuses: ['Open'],
    firstRunDays: 7,
    retentionDays: 90,
    slidingWindowDays: 15,
    requestsPerMinute: 60,
    pageSize: 500,
    quietNotifications: false,
    destinations: { webhook: { url: 'https://127.0.0.1:9/hook', timeoutSeconds: 30 }, folder: { path: '/tmp/fuzz-export', format: 'json' } },
    trackingInboxDir: '/tmp/fuzz-inbox',
    confirmShipments: false,
    createShipmentsForOrders: false,
    defaultBoxId: 'BOX',
    secretReminderSnoozedUntil: '2099-01-01T09:00:00Z',
  },
  testConnection: setup,
  saveSetup: { setup, saveUntested: false },
  syncNow: undefined,
  pause: { minutes: 60 },
  resume: undefined,
  listOrders: { text: 'SO', status: 'Open', limit: 10, offset: 0 },
  getOrder: { orderType: 'SO', orderNbr: 'SO000001' },
  rotateSecret: { newSecret: `${SECRET_MARK}-rotated`, expiresOn: '2099-01-01' },
  updatePassword: { password: `${SECRET_MARK}-new-password` },
  snoozeSecretReminder: undefined,
  listDeliveries: { status: 'parked', limit: 10 },
  retryDelivery: { id: 1 },
  dismissDelivery: { id: 1 },
  addTracking: { target: { kind: 'order', orderType: 'SO', orderNbr: 'SO000001' }, trackingNbr: '1Z999AA10123456784', carrier: 'UPS', weight: 1.5, boxId: 'BOX' },
  listTracking: { status: 'failed', limit: 10 },
  retryTracking: { id: 1 },
  dismissTracking: { id: 1 },
  webhookSecretsStored: undefined,
  setWebhookSecrets: { apiKey: `${SECRET_MARK}-api-key`, signingSecret: `${SECRET_MARK}-signing` },
  listActivity: { limit: 10 },
} satisfies Record<MethodName, unknown>;

export interface BadRequest {
  method: MethodName;
  name: string;
  /** The request body as the HTTP API receives it. */
  body: Buffer;
  /** The same with 10 KB for its megabyte: whether it would run is told as well, and faster. */
  probe: Buffer;
  /** False for bytes that have no IPC form (invalid UTF-8). */
  ipc: boolean;
  /** What the answer must name: the field at fault, or words of the message. */
  names: { field: string } | { message: RegExp };
}

export const MB = 1_000_000;
const DEEP = 10_000;
const deepArrays = '['.repeat(DEEP) + ']'.repeat(DEEP);
const deepObjects = '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP);

// A value that exists only as JSON text goes into the value as a placeholder string, swapped for
// the text once stringified (JSON.stringify leaves private-use characters as they are). A
// placeholder is swapped wherever it stands, a member's name included.
const rawTexts: string[] = [];
function raw(text: string): string {
  rawTexts.push(text);
  return `\uE000${rawTexts.length - 1}\uE000`;
}
/** Inside a string, stands for a byte that is not UTF-8: 0xC3 starts a sequence '(' cannot continue. */
const BAD_BYTE = '\uE001';
/** Inside a string, stands for a megabyte of text (built once, not stringified with every case). */
const PAD = '\uE002';
const padding = { full: Buffer.alloc(MB, 'x'), probe: Buffer.alloc(10_000, 'x') };
/** `text` and a megabyte more. */
const plusMegabyte = (text: string) => raw(`${JSON.stringify(text).slice(0, -1)}${PAD}"`);

function toBytes(value: unknown, pad = padding.full): Buffer {
  const text = JSON.stringify(value).replace(/"\uE000(\d+)\uE000"/g, (_, index: string) => rawTexts[Number(index)]!);
  const pieces = text.split(/(\uE001|\uE002)/).map((piece) => (piece === BAD_BYTE ? Buffer.from([0xc3, 0x28]) : piece === PAD ? pad : Buffer.from(piece)));
  return Buffer.concat(pieces);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every value in `value` (not itself), with its path: object members and array items. */
function paths(value: unknown, prefix: Path = []): { path: Path; value: unknown }[] {
  const children: [string | number, unknown][] = Array.isArray(value) ? value.map((item, i) => [i, item]) : isObject(value) ? Object.entries(value) : [];
  return children.flatMap(([key, child]) => [{ path: [...prefix, key], value: child }, ...paths(child, [...prefix, key])]);
}

/** A copy of `root` with the value at `path` replaced (or removed, for `REMOVE`). */
const REMOVE = Symbol('remove');
function replaced(root: unknown, path: Path, next: unknown): unknown {
  if (path.length === 0) return next;
  const [head, ...rest] = path;
  if (Array.isArray(root)) return root.map((item, i) => (i === head ? replaced(item, rest, next) : item));
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(root as object)) {
    if (key !== head) copy[key] = child;
    else if (rest.length > 0 || next !== REMOVE) copy[key] = replaced(child, rest, next);
  }
  return copy;
}

/** A copy of the object at `path` in `root` with one more member; a computed key stays an own "__proto__". */
function withKey(root: unknown, path: Path, key: string, value: unknown): unknown {
  const target = path.reduce<unknown>((node, step) => (node as Record<string, unknown>)[step], root) as object;
  return replaced(root, path, { ...target, [key]: value });
}

const label = (path: Path) => path.join('.');

/** The payload the service makes of `body` (a byte that is not UTF-8 read as U+FFFD). */
export function payloadOf(body: Buffer): unknown {
  const text = body.toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) ?? undefined);
}

/** Whether the method's schema takes `body`; a schema that throws is a fault the answer will show. */
function accepts(method: MethodName, body: Buffer): boolean {
  try {
    return methods[method].request.safeParse(payloadOf(body)).success;
  } catch {
    return false;
  }
}

const REACHED = 'reached the handler';
const markHandlers = new Proxy({} as EngineHandlers, {
  get: () => () => {
    throw new OperatorError('refused', REACHED);
  },
});

/** Whether the dispatcher both transports share would hand `payload` to the engine: such a case would run. */
export async function reachesEngine(method: MethodName, payload: unknown): Promise<boolean> {
  const envelope = await dispatch(markHandlers, method, payload);
  return !envelope.ok && envelope.error.message === REACHED;
}

/** Values of the wrong type: tried everywhere, kept only where the schema refuses them (null is fine for a nullable field). */
const WRONG_TYPES: [string, unknown][] = [
  ['true', true],
  ['12', 12],
  ['a string', 'text'],
  ['[]', []],
  ['{}', {}],
  ['null', null],
  ['-0', raw('-0')],
  ['"NaN"', 'NaN'],
];
/** Values refused wherever they go. (A megabyte of text goes after each valid text, below.) */
const NEVER_VALID: [string, unknown][] = [
  ['1e309', raw('1e309')],
  ['-1e309', raw('-1e309')],
  ['10,000 nested arrays', raw(deepArrays)],
  ['10,000 nested objects', raw(deepObjects)],
];
/** Members no request has: each must be named, not dropped (and none may reach a prototype). */
const ODD_KEYS: [string, unknown][] = [
  ['extra', 1],
  ['__proto__', { polluted: true }],
  ['constructor', { prototype: { polluted: true } }],
  ['prototype', { polluted: true }],
  ['toString', 'polluted'],
];

/** Every bad request for `method`, each breaking one thing of a request the method accepts. */
export function badRequests(method: MethodName): BadRequest[] {
  const valid: unknown = validRequests[method];
  const cases: BadRequest[] = [];
  const add = (name: string, value: unknown, names: BadRequest['names'], ipc = true) => {
    const body = toBytes(value);
    cases.push({ method, name: `${method}: ${name}`, body, probe: body.length < MB ? body : toBytes(value, padding.probe), ipc, names });
  };
  const typeWords = { message: /expected|Unrecognized key/ };

  // Wrong types are kept only where the schema refuses them: `{}` is a whole settings patch.
  for (const [what, value] of WRONG_TYPES) {
    if (!accepts(method, toBytes(value))) add(`payload ${what}`, value, typeWords);
  }
  for (const [what, value] of [...NEVER_VALID, ['a 1 MB string', plusMegabyte('')], ['[valid]', [valid ?? {}]]] as [string, unknown][]) add(`payload ${what}`, value, typeWords);
  if (valid === undefined) {
    for (const [key, value] of ODD_KEYS) add(`payload {${key}}`, { [key]: value }, typeWords);
    return cases;
  }

  for (const { path, value } of paths(valid)) {
    const field = { field: label(path) };
    for (const [what, bad] of WRONG_TYPES) {
      if (!accepts(method, toBytes(replaced(valid, path, bad)))) add(`${label(path)} = ${what}`, replaced(valid, path, bad), field);
    }
    for (const [what, bad] of NEVER_VALID) add(`${label(path)} = ${what}`, replaced(valid, path, bad), field);
    if (typeof value === 'string') {
      add(`${label(path)} + 1 MB`, replaced(valid, path, plusMegabyte(value)), field);
      add(`${label(path)} + a lone surrogate`, replaced(valid, path, `${value}\uD800`), field);
      add(`${label(path)} + a byte that is not UTF-8`, replaced(valid, path, `${value}${BAD_BYTE}`), { message: /UTF-8/ }, false);
    }
    if (!Array.isArray(value) && !accepts(method, toBytes(replaced(valid, path, REMOVE)))) add(`${label(path)} missing`, replaced(valid, path, REMOVE), field);
  }
  const objects = [{ path: [] as Path, value: valid }, ...paths(valid)].filter((each) => isObject(each.value));
  for (const { path } of objects) {
    for (const [key, value] of ODD_KEYS) {
      add(`${label(path) || 'payload'} + ${key}`, withKey(valid, path, key, value), path.length > 0 ? { field: label(path) } : { message: new RegExp(`"${key}"`) });
    }
  }
  // A placeholder is swapped wherever it stands, a member's name included.
  add('payload + a 1 MB key', withKey(valid, [], plusMegabyte('k'), 1), { message: /"kxxxxxxxxx/ });
  return cases;
}
