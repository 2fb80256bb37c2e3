import { secretMasker } from '../log/secret-forms.ts';

// Anything that may end up in a log line, an error message or the UI goes through here first.
// Error messages are built from parsed server text, never from our own requests, but a server can
// echo what it was sent (a 422 echoes the record, an IIS error page can echo the query or a form
// field), so known secret values and token-shaped fields are masked as a second line of defence.

const MASK = '***';

// A quoted value is masked up to its closing quote (a passphrase has spaces, a password may hold
// `&` or `,`), or to the end of the text when the excerpt cut it off; a bare one up to a separator.
const TOKEN_FIELDS =
  /("?(?:access_token|refresh_token|id_token|client_secret|password)"?\s*[:=]\s*)(?:("(?:[^"\\]|\\.)*"?)|[^"&\s,}]+)/gi;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;

export function redact(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  const shaped = text
    .replace(TOKEN_FIELDS, (_match, field: string, quoted: string | undefined) => (quoted === undefined ? `${field}${MASK}` : `${field}"${MASK}"`))
    .replace(BEARER, `$1${MASK}`);
  return maskSecrets(shaped, secrets);
}

/**
 * Each known secret masked wherever it appears, as sent or in any form an answer may have echoed
 * it (see secretMasker: the log's Redactor masks the same forms). Run it on a whole answer
 * before anything cuts an excerpt from it: a secret the cut splits is no longer recognised, and
 * its start would stay.
 */
export function maskSecrets(text: string, secrets: readonly (string | null | undefined)[]): string {
  return secretMasker(secrets)(text, MASK);
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** HTML's character references as the characters they stand for; an unknown one stays as written. */
function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]+));/gi, (whole, decimal?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
    const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex ?? '', 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * A short, single-line excerpt of a response body for an operator-readable message: an HTML page's
 * text, its character references read (so `&quot;` no longer hides a quoted value from redact()).
 */
export function excerpt(text: string, max = 300): string {
  const flat = decodeEntities(text.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
