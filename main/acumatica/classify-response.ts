// Turns an HTTP response from the REST API into an AcumaticaError (or null when it succeeded), and
// parses success bodies with zod. Pure functions over {status, headers, body}, so every shape
// Acumatica and IIS are known to send can be tested from a recording.
import type { z } from 'zod';
import { AcumaticaError, type FieldError, type FormRef } from './errors.ts';
import type { HttpResponse } from './http-client.ts';
import { excerpt, redact } from './redact.ts';
import { ApiErrorBodyWire, describeIssues } from './wire.ts';

export type ResponseShape = Pick<HttpResponse, 'status' | 'headers' | 'body'>;

/** The form behind each entity, for when a 403 does not name it. */
export const ENTITY_FORMS: Readonly<Record<string, FormRef>> = {
  SalesOrder: { id: 'SO301000', name: 'Sales Orders' },
  Shipment: { id: 'SO302000', name: 'Shipments' },
  StockItem: { id: 'IN202500', name: 'Stock Items' },
};

const LOGIN_LIMIT = /login\s*limit|number of (?:web services )?api users/i;
const NO_ENTITY = /no entity satisfies the condition/i;
const OPTIMIZATION = /optimization cannot be performed/i;
const FORM_IN_MESSAGE = /access (?:the )?(.+?) \(([A-Z]{2}[0-9A-Z]{6})\) form/i;
const FORM_ID = /\(([A-Z]{2}\d{6})\)/;

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

export function looksLikeHtml(res: ResponseShape): boolean {
  const type = res.headers['content-type'] ?? '';
  return /html/i.test(type) || /^\s*</.test(res.body);
}

/** The most useful human-readable text in an error body: JSON message fields, else the page text. */
export function bodyMessage(body: string): string {
  const parsed = ApiErrorBodyWire.safeParse(parseJson(body));
  if (parsed.success) {
    const { exceptionMessage, message } = parsed.data;
    const text = exceptionMessage ?? message;
    if (text) return redact(excerpt(text));
  }
  return redact(excerpt(body));
}

function formFrom(message: string, entity: string | undefined): FormRef {
  const named = FORM_IN_MESSAGE.exec(message);
  if (named?.[1] && named[2]) return { name: named[1], id: named[2] };
  const id = FORM_ID.exec(message)?.[1];
  const known = entity ? ENTITY_FORMS[entity] : undefined;
  if (id) return { id, name: known?.id === id ? known.name : null };
  return known ?? { id: null, name: null };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `error` strings Acumatica puts on failing fields of the echoed record (422). */
export function fieldErrors(value: unknown, path: string[] = []): FieldError[] {
  const out: FieldError[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, index) => out.push(...fieldErrors(item, [...path, String(index)])));
  } else if (isRecord(value)) {
    const error = value['error'];
    if (typeof error === 'string' && error.length > 0) {
      out.push({ field: path.length > 0 ? path.join('.') : '(record)', message: redact(error) });
    }
    for (const [key, child] of Object.entries(value)) {
      if (key !== 'error' && typeof child === 'object') out.push(...fieldErrors(child, [...path, key]));
    }
  }
  return out;
}

export interface ClassifyContext {
  /** The entity the request was about, to name its form in a 403. */
  entity?: string;
  /** What was being done, for the message: "listing SalesOrder". */
  operation: string;
}

/** Null for a success (2xx); otherwise the error the response means. */
export function classifyResponse(res: ResponseShape, context: ClassifyContext): AcumaticaError | null {
  const { status } = res;
  if (status >= 200 && status < 300) return null;
  const message = bodyMessage(res.body);
  const during = context.operation;
  const base = { status };

  if (status >= 300 && status < 400) {
    const location = res.headers['location'] ?? '';
    const target = location.split('?')[0] ?? '';
    if (LOGIN_LIMIT.test(decodeSafely(location)) || LOGIN_LIMIT.test(res.body)) {
      return loginLimit(status);
    }
    if (/login\.aspx/i.test(target)) {
      return new AcumaticaError({ ...base, kind: 'unauthorized', message: `Acumatica sent the request to its sign-in page while ${during}.` });
    }
    return new AcumaticaError({
      ...base,
      kind: 'bad-response',
      retryable: /error\.aspx/i.test(target),
      message: `Acumatica redirected to ${target || 'another page'} while ${during}${saying(message)}.`,
    });
  }
  if (LOGIN_LIMIT.test(message) && (status === 429 || status >= 500)) return loginLimit(status);

  switch (status) {
    case 401:
      return new AcumaticaError({ ...base, kind: 'unauthorized', message: `Acumatica did not accept the access token while ${during}.` });
    case 403: {
      const form = formFrom(message, context.entity);
      const formText = form.id ? `the ${form.name ?? 'required'} (${form.id}) form` : 'the required form';
      return new AcumaticaError({
        ...base,
        kind: 'forbidden',
        form,
        message: `The integration user's role lacks access to ${formText} (while ${during}). Grant it in User Roles (SM201005).`,
      });
    }
    case 404:
      return new AcumaticaError({ ...base, kind: 'not-found', message: `Not found while ${during}${saying(message)}.` });
    case 408:
      return new AcumaticaError({ ...base, kind: 'timeout', message: `Acumatica timed out while ${during}.` });
    case 412:
      return new AcumaticaError({ ...base, kind: 'precondition-failed', message: `The record did not match the precondition while ${during}.` });
    case 422: {
      const errors = fieldErrors(parseJson(res.body));
      const list = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
      return new AcumaticaError({
        ...base,
        kind: 'validation',
        fieldErrors: errors,
        message: `Acumatica rejected the record while ${during}${list ? `: ${excerpt(list)}` : ''}.`,
      });
    }
    case 429:
      return new AcumaticaError({
        ...base,
        kind: 'rate-limited',
        message: `Acumatica is busy (too many requests for the licence) while ${during}; the connector slows down and retries.`,
      });
  }
  if (status >= 500) {
    if (NO_ENTITY.test(message)) {
      return new AcumaticaError({ ...base, kind: 'not-found', message: `No such record while ${during}.` });
    }
    if (OPTIMIZATION.test(message)) {
      return new AcumaticaError({
        ...base,
        kind: 'server',
        retryable: false,
        message: `Acumatica could not optimise the query while ${during}; ask for fewer fields or a smaller page. (${message})`,
      });
    }
    // A JSON exception is Acumatica's own answer and repeats on retry; an empty or HTML 5xx is
    // usually IIS, a proxy or an app-pool restart, and passes.
    const applicationError = status === 500 && ApiErrorBodyWire.safeParse(parseJson(res.body)).success && !looksLikeHtml(res);
    return new AcumaticaError({
      ...base,
      kind: 'server',
      retryable: !applicationError,
      message: `Acumatica failed (HTTP ${status}) while ${during}${saying(message)}.`,
    });
  }
  return new AcumaticaError({ ...base, kind: 'bad-request', message: `Acumatica refused the request (HTTP ${status}) while ${during}${saying(message)}.` });
}

/** Acumatica's own words after a colon; its sentence's full stop is dropped, since ours ends the line. */
function saying(message: string): string {
  const words = message.replace(/[\s.]+$/, '');
  return words ? `: ${words}` : '';
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

function loginLimit(status: number): AcumaticaError {
  return new AcumaticaError({
    status,
    kind: 'login-limit',
    message:
      'Acumatica refused the sign-in: the licence\'s API login limit is reached. Sign out other API sessions (or wait for them to expire) or raise "Maximum Number of Web Services API Users"; the connector retries later.',
  });
}

/** How a list page is named in errors, whether parsed whole here or record by record (main/sync/page-decode.ts). */
export function listWhat(entity: string): string {
  return `the ${entity} list`;
}

/** Parses a success body as JSON against `schema`; HTML, truncated or wrong-shaped JSON is a bad-response error. */
export function parseBody<T extends z.ZodType>(res: ResponseShape, schema: T, what: string): z.output<T> {
  assertNotHtml(res, what);
  return parseJsonText(res.body, schema, what, res.status);
}

/** A proxy's or IIS's HTML page where JSON was expected is a bad-response error. */
export function assertNotHtml(res: ResponseShape, what: string): void {
  if (looksLikeHtml(res)) {
    throw new AcumaticaError({
      status: res.status,
      kind: 'bad-response',
      message: `Expected JSON for ${what} but got an HTML page (a proxy, a sign-in page or an IIS error?): ${bodyMessage(res.body)}`,
    });
  }
}

/** JSON text against `schema`; apart from parseBody for a list page's text, checked once and parsed later. */
export function parseJsonText<T extends z.ZodType>(text: string, schema: T, what: string, status: number | null = null): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AcumaticaError({
      status,
      kind: 'bad-response',
      retryable: true,
      message: `The response for ${what} is not valid JSON (truncated?): ${text.length} bytes.`,
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AcumaticaError({
      status,
      kind: 'bad-response',
      message: `The response for ${what} does not have the expected shape: ${describeIssues(parsed.error)}.`,
      cause: parsed.error,
    });
  }
  return parsed.data;
}
