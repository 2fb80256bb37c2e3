// One dispatcher for both transports (Electron IPC and the headless HTTP API): validate the
// request against its schema, call the engine's handler, validate the answer, wrap it in an envelope.
import { invalidRequest, methods, requestIssueWords, type Envelope, type MethodName, type ParsedRequestOf, type ResponseOf } from '../../preload/api.ts';

export type EngineHandlers = {
  [M in MethodName]: (request: ParsedRequestOf<M>) => Promise<ResponseOf<M>> | ResponseOf<M>;
};

/** A failure the handler wants the operator to see as it is (not a bug). */
export class OperatorError extends Error {
  readonly code: 'invalid-request' | 'not-configured' | 'refused' | 'failed';
  readonly field: string | undefined;
  constructor(code: OperatorError['code'], message: string, field?: string) {
    super(message);
    this.name = 'OperatorError';
    this.code = code;
    this.field = field;
  }
}

export async function dispatch(handlers: EngineHandlers, method: MethodName, payload: unknown): Promise<Envelope> {
  const spec = methods[method];
  const parsed = spec.request.safeParse(payload, { error: requestIssueWords });
  if (!parsed.success) return { ok: false, error: invalidRequest(parsed.error) };
  // Read off the payload as it came: a transform (the Instance URL's) would already have hidden it.
  const halfCharacterAt = loneSurrogateAt(payload);
  if (halfCharacterAt !== null) return { ok: false, error: { code: 'invalid-request', message: HALF_CHARACTER, ...(halfCharacterAt ? { field: halfCharacterAt } : {}) } };
  try {
    const handler = handlers[method] as (request: unknown) => Promise<unknown> | unknown;
    const value = spec.response.parse(await handler(parsed.data));
    return { ok: true, value };
  } catch (error) {
    if (error instanceof OperatorError) {
      const body = { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) };
      return { ok: false, error: body };
    }
    return { ok: false, error: { code: 'failed', message: error instanceof Error ? error.message : String(error) } };
  }
}

const HALF_CHARACTER = 'This text holds half of a character (a lone UTF-16 surrogate): type or paste it again.';
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Where a string of `value` holds a lone surrogate ("\ud800" in JSON, or an IPC string): the path,
 * '' for the value itself, null when there is none. Such text becomes U+FFFD on its way out (a
 * password sent to Acumatica, a value in the ledger), so it is something nobody typed. Called on a
 * payload its schema accepted, so it is as deep as the schema and holds no cycle.
 */
function loneSurrogateAt(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    const found = loneSurrogateAt(child, path ? `${path}.${key}` : key);
    if (found !== null) return found;
  }
  return null;
}
