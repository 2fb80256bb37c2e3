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
 * Each known secret masked wherever it appears: as sent, or as whatever answered may have echoed
 * it: JSON-escaped (PHP writes '/' as '\/', .NET's System.Text.Json '+' as '\u002B'), HTML-encoded
 * (an IIS or ASP.NET error page quoting a form field) or URL- or form-encoded. Run it on a whole
 * answer before anything cuts an excerpt from it: a secret the cut splits is no longer recognised,
 * and its start would stay.
 */
export function maskSecrets(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    out = out.replace(secretPattern(secret), MASK);
  }
  return out;
}

/**
 * The secret with each character as itself or in any of its encoded forms. Character by character
 * rather than one string per encoder: encoders differ in which characters they escape and in the
 * case of their hex digits, and a list of their habits would always miss one.
 */
function secretPattern(secret: string): RegExp {
  let source = '';
  for (const char of secret) source += `(?:${charForms(char).join('|')})`;
  return new RegExp(source, 'g');
}

const NAMED_REFERENCES: Readonly<Record<string, string>> = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' };

function charForms(char: string): string[] {
  const code = char.codePointAt(0) ?? 0;
  const units = Array.from({ length: char.length }, (_, i) => char.charCodeAt(i));
  // An encoded form before the character itself, so an echo is masked whole (not '&' of '&amp;').
  const forms = [
    // JSON: \uXXXX of each UTF-16 unit; '/', '"' and '\' also as a backslash and the character.
    units.map((unit) => `\\\\u${anyCaseHex(unit, 4)}`).join(''),
    // HTML: a decimal or hex character reference, or the named one.
    `&#0*${code};`,
    `&#[xX]0*${anyCaseHex(code, 1)};`,
    // URL: %XX of each UTF-8 byte; a space as '+' in a form.
    [...new TextEncoder().encode(char)].map((byte) => `%${anyCaseHex(byte, 2)}`).join(''),
  ];
  if ('/"\\'.includes(char)) forms.push(escapeRegExp(`\\${char}`));
  const named = NAMED_REFERENCES[char];
  if (named) forms.push(`&${named};`);
  if (char === ' ') forms.push('\\+');
  forms.push(escapeRegExp(char));
  return forms;
}

function anyCaseHex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0').replace(/[a-f]/g, (digit) => `[${digit}${digit.toUpperCase()}]`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
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
