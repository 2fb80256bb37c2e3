import { MIN_SECRET_LENGTH, type SecretMasker, secretMasker } from './secret-forms.ts';
import { isSensitiveKey } from './sensitive-keys.ts';

export const REDACTED = '[REDACTED]';

/** How many past values a named slot keeps: a just-rotated token may still be in flight. */
const VALUES_PER_SLOT = 2;
const MAX_DEPTH = 12;

// Secrets nobody registered yet (a token in a response body logged before the token manager
// saw it) are caught by shape: Authorization schemes, form/query fields, JSON fields, JWTs.
const TEXT_PATTERNS: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
  // A quoted value (a passphrase has spaces) up to its closing quote, or to the end of the text
  // when an excerpt cut it off; then a bare one up to a separator.
  [
    /\b(password|client_secret|refresh_token|access_token|id_token|api_key|apikey|secret)=(["'])(?:(?!\2)[^\\]|\\.)*\2?/gi,
    `$1=$2${REDACTED}$2`,
  ],
  [
    /\b(password|client_secret|refresh_token|access_token|id_token|api_key|apikey|secret)=([^&\s"';,]+)/gi,
    `$1=${REDACTED}`,
  ],
  [
    /"(password|client_secret|clientSecret|refresh_token|refreshToken|access_token|accessToken|id_token|secret)"\s*:\s*"(?:[^"\\]|\\.)*"/g,
    `"$1":"${REDACTED}"`,
  ],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
];

/**
 * Removes secrets from anything headed for a log line (or the ledger's activity text):
 * by key (password, clientSecret, authorization, ...), by known value (registerSecretValue,
 * wherever the value appears: messages, stacks, nested objects, in any form secretMasker knows)
 * and by shape (Bearer headers, token=... fields, JWTs).
 */
export class Redactor {
  readonly #anonymous = new Set<string>();
  readonly #slots = new Map<string, string[]>();
  #maskKnown: SecretMasker = secretMasker([]);

  constructor(secrets: readonly string[] = []) {
    for (const secret of secrets) this.registerSecretValue(secret);
  }

  /**
   * Redacts `value` from now on. With a `slot` ('accessToken', 'refreshToken') a new value
   * replaces the slot's older ones, so hourly token rotation does not grow the list forever.
   */
  registerSecretValue(value: string, slot?: string): void {
    if (value.length < MIN_SECRET_LENGTH) return;
    if (slot === undefined) {
      this.#anonymous.add(value);
    } else {
      // Read again for every delivery or grant: already the newest, nothing changes.
      if (this.#slots.get(slot)?.[0] === value) return;
      const values = [value, ...(this.#slots.get(slot) ?? []).filter((v) => v !== value)].slice(0, VALUES_PER_SLOT);
      this.#slots.set(slot, values);
    }
    this.#rebuild();
  }

  /** Bound as a plain function so it can be handed over (e.g. to the ledger's `redact`). */
  readonly redactText = (text: string): string => {
    let result = this.#maskKnown(text, REDACTED);
    for (const [pattern, replacement] of TEXT_PATTERNS) result = result.replace(pattern, replacement);
    return result;
  };

  /** A JSON-safe deep copy of `value` with secrets removed; Errors become plain objects. */
  redact(value: unknown): unknown {
    return this.#redactValue(value, new WeakSet(), 0);
  }

  #redactValue(value: unknown, ancestors: WeakSet<object>, depth: number): unknown {
    switch (typeof value) {
      case 'string':
        return this.redactText(value);
      case 'number':
      case 'boolean':
      case 'undefined':
        return value;
      case 'bigint':
        return value.toString();
      case 'function':
      case 'symbol':
        return undefined;
      case 'object':
        break;
    }
    if (value === null) return null;
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    // Raw bytes could be anything, including a key: describe them, never dump them.
    if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
    if (ancestors.has(value)) return '[Circular]';
    if (depth >= MAX_DEPTH) return '[Truncated]';
    ancestors.add(value);
    try {
      const next = (child: unknown): unknown => this.#redactValue(child, ancestors, depth + 1);
      if (Array.isArray(value)) return value.map(next);
      const source = value instanceof Error ? errorFields(value) : value instanceof Map ? Object.fromEntries(value) : value;
      const copy: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(source)) {
        const safeKey = this.redactText(key);
        copy[safeKey] = isSensitiveKey(key) && child !== null && child !== undefined && child !== '' ? REDACTED : next(child);
      }
      return copy;
    } finally {
      ancestors.delete(value);
    }
  }

  #rebuild(): void {
    this.#maskKnown = secretMasker([...this.#anonymous, ...[...this.#slots.values()].flat()]);
  }
}

/** What pino's err serializer would keep, plus `cause`, from an Error (own props included). */
function errorFields(error: Error): Record<string, unknown> {
  const fields: Record<string, unknown> = { type: error.name, message: error.message, stack: error.stack };
  for (const [key, value] of Object.entries(error)) fields[key] = value;
  if (error.cause !== undefined) fields['cause'] = error.cause;
  if (error instanceof AggregateError) fields['errors'] = error.errors;
  return fields;
}
