// Anything that may end up in a log line, an error message or the UI goes through here first.
// Error messages are built from parsed server text, never from our own requests, but a server can
// echo what it was sent (a 422 echoes the record, an IIS error page can echo the query), so known
// secret values and token-shaped fields are masked as a second line of defence.

const MASK = '***';

const TOKEN_FIELDS =
  /("?(?:access_token|refresh_token|id_token|client_secret|password)"?\s*[:=]\s*"?)([^"&\s,}]+)/gi;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;

export function redact(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  let out = text.replace(TOKEN_FIELDS, `$1${MASK}`).replace(BEARER, `$1${MASK}`);
  for (const secret of secrets) {
    if (secret && secret.length >= 4) {
      out = out.split(secret).join(MASK);
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) out = out.split(encoded).join(MASK);
    }
  }
  return out;
}

/** A short, single-line excerpt of a response body for an operator-readable message. */
export function excerpt(text: string, max = 300): string {
  const flat = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
