// One dispatcher for both transports (Electron IPC and the headless HTTP API): validate the
// request against its schema, call the engine's handler, validate the answer, wrap it in an envelope.
import { invalidRequest, methods, type Envelope, type MethodName, type ParsedRequestOf, type ResponseOf } from '../../preload/api.ts';

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
  const parsed = spec.request.safeParse(payload);
  if (!parsed.success) return { ok: false, error: invalidRequest(parsed.error) };
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
