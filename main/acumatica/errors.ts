// The error taxonomy of everything that talks to Acumatica. Each error says, in words an operator
// can act on, what went wrong, and whether trying again later can help (`retryable`).
// Messages never contain a secret or a token: they are built from parsed server text, passed
// through redact(), and never from our own request bodies or headers.

export type AcumaticaErrorKind =
  | 'unauthorized' // 401: token missing, expired or revoked
  | 'forbidden' // 403: the integration user's role lacks the form behind the entity
  | 'rate-limited' // 429: Acumatica's request queue is full
  | 'login-limit' // seats exhausted: 429/500 "API Login Limit", or a 302 to Error.aspx
  | 'not-found' // "No entity satisfies the condition", or an unknown endpoint/entity
  | 'validation' // 422: the record was rejected, with field errors
  | 'bad-request' // 400 from the REST API: our request is malformed
  | 'precondition-failed' // 412: If-Match / If-None-Match did not hold
  | 'server' // 5xx
  | 'network' // connection refused/reset, DNS, TLS
  | 'timeout' // connect, header or body timeout; an action that never finished
  | 'bad-response' // HTML where JSON was expected, truncated or schema-violating JSON
  | 'credentials-rejected' // invalid_grant on a password grant: username/password wrong, user locked
  | 'secret-rejected' // invalid_client: client ID wrong, shared secret wrong, removed or expired
  | 'refresh-rejected' // invalid_grant on a refresh grant: the refresh token lapsed or was reused
  | 'oauth-error' // any other OAuth error from the identity server
  | 'configuration' // our own settings are unusable (plain HTTP to a remote host, bad CA file, ...)
  | 'storage'; // the refresh token could not be persisted

export interface FieldError {
  /** Dotted path to the field, e.g. `Packages.0.TrackingNbr`. */
  field: string;
  message: string;
}

/** An Acumatica form (screen), named in 403 messages, e.g. `{ id: 'SO301000', name: 'Sales Orders' }`. */
export interface FormRef {
  id: string | null;
  name: string | null;
}

const RETRYABLE_BY_DEFAULT: ReadonlySet<AcumaticaErrorKind> = new Set<AcumaticaErrorKind>([
  'rate-limited',
  'login-limit',
  'server',
  'network',
  'timeout',
  'storage',
]);

export interface AcumaticaErrorInit {
  kind: AcumaticaErrorKind;
  message: string;
  retryable?: boolean;
  status?: number | null;
  form?: FormRef | null;
  fieldErrors?: readonly FieldError[];
  /** The OAuth `error` code, for token endpoint errors. */
  oauthError?: string | null;
  cause?: unknown;
}

export class AcumaticaError extends Error {
  readonly kind: AcumaticaErrorKind;
  readonly retryable: boolean;
  readonly status: number | null;
  readonly form: FormRef | null;
  readonly fieldErrors: readonly FieldError[];
  readonly oauthError: string | null;

  constructor(init: AcumaticaErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AcumaticaError';
    this.kind = init.kind;
    this.retryable = init.retryable ?? RETRYABLE_BY_DEFAULT.has(init.kind);
    this.status = init.status ?? null;
    this.form = init.form ?? null;
    this.fieldErrors = init.fieldErrors ?? [];
    this.oauthError = init.oauthError ?? null;
  }
}

export function isAcumaticaError(error: unknown, kind?: AcumaticaErrorKind): error is AcumaticaError {
  return error instanceof AcumaticaError && (kind === undefined || error.kind === kind);
}

/** Wraps anything thrown into an AcumaticaError without leaking its details beyond its message. */
export function asAcumaticaError(error: unknown): AcumaticaError {
  if (error instanceof AcumaticaError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AcumaticaError({ kind: 'network', message: `Unexpected failure: ${message}`, cause: error });
}
