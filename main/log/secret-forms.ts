// The one definition of the forms a known secret may take in text we are about to show or write.
// The support log's Redactor and the Acumatica client's maskSecrets both mask through it, so a
// form taught to one is known to both.

/**
 * Secrets shorter than this are not masked by value: replacing every "ab" would make logs
 * unreadable while protecting nothing a guesser could not find. Real client secrets, passwords
 * and tokens are far longer; key- and shape-based redaction still covers the rest.
 */
export const MIN_SECRET_LENGTH = 4;

// Every form of a character starts with the character itself or with one of these.
const ENCODED_STARTS: ReadonlySet<string> = new Set(['\\', '&', '%', '+']);

/** Replaces every known secret in `text`, in any of its forms, with `mask`. */
export type SecretMasker = (text: string, mask: string) => string;

/**
 * A masker for these secrets, each found as sent or as whatever carried or answered it may have
 * encoded it: JSON-escaped (JSON.stringify's escapes; PHP writes '/' as '\/', .NET's
 * System.Text.Json '+' as '\u002B'), HTML-encoded (an IIS or ASP.NET error page quoting a form
 * field) or URL- or form-encoded, hex digits in either case, and any mix of those.
 *
 * Character by character rather than one string per encoder: encoders differ in which characters
 * they escape and in the case of their hex digits, and a list of their habits would always miss
 * one. Matched by hand rather than with one RegExp: a pattern of every form of every character of
 * a 1,500-character access token takes V8 from 50 ms to a second to compile, on every rotation.
 */
export function secretMasker(secrets: Iterable<string | null | undefined>): SecretMasker {
  const maskable = new Set<string>();
  for (const secret of secrets) if (secret && secret.length >= MIN_SECRET_LENGTH) maskable.add(secret);
  if (maskable.size === 0) return (text) => text;
  // Longest first, so a secret that contains another is masked whole.
  const known = [...maskable].sort((a, b) => b.length - a.length).map((secret) => Array.from(secret));
  const starts = new Set([...ENCODED_STARTS, ...known.map((chars) => chars[0]?.[0] ?? '')]);
  return (text, mask) => {
    let out = '';
    let copied = 0;
    for (let i = 0; i < text.length; ) {
      const end = starts.has(text.charAt(i)) ? firstMatchEnd(text, i, known) : -1;
      if (end > i) {
        out += text.slice(copied, i) + mask;
        copied = i = end;
      } else {
        i += 1;
      }
    }
    return copied === 0 ? text : out + text.slice(copied);
  };
}

function firstMatchEnd(text: string, start: number, known: readonly string[][]): number {
  const lead = text.charAt(start);
  const encoded = ENCODED_STARTS.has(lead);
  for (const chars of known) {
    if (!encoded && lead !== chars[0]?.[0]) continue;
    const end = matchEnd(text, start, chars);
    if (end > start) return end;
  }
  return -1;
}

/**
 * Where the secret's furthest match from `start` ends, or -1. Every way each character may be
 * read is followed at once (the '%' of a secret written '%25' could also be a raw '%'), so no
 * choice is ever taken back and the longest reading is masked whole.
 */
function matchEnd(text: string, start: number, chars: readonly string[]): number {
  let ends = [start];
  for (const char of chars) {
    const next: number[] = [];
    for (const at of ends) for (const end of formEnds(text, at, char)) if (!next.includes(end)) next.push(end);
    if (next.length === 0) return -1;
    ends = next;
  }
  return Math.max(...ends);
}

const NAMED_REFERENCES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// JSON's two-character escapes: '/', '"' and '\' after a backslash, and control characters by letter.
const JSON_SHORT_ESCAPES: Readonly<Record<string, string>> = { '/': '\\/', '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const CHARACTER_REFERENCE = /&#(?:[xX]0*([0-9a-fA-F]{1,6})|0*([0-9]{1,7}));/y;
const utf8 = new TextEncoder();
// Each character's UTF-8 bytes, encoded once: asked again at every '%' a text holds, for every
// secret, encoding each time made a URL-shaped log line 70 times slower to redact.
const utf8Bytes = new Map<string, readonly number[]>();
function bytesOf(char: string): readonly number[] {
  let bytes = utf8Bytes.get(char);
  if (bytes === undefined) utf8Bytes.set(char, (bytes = [...utf8.encode(char)]));
  return bytes;
}

/** Where each form of `char` that starts at `at` in `text` ends. */
function formEnds(text: string, at: number, char: string): number[] {
  const ends: number[] = [];
  if (text.startsWith(char, at)) ends.push(at + char.length);
  switch (text.charAt(at)) {
    case '+': // a space in a form body
      if (char === ' ') ends.push(at + 1);
      break;
    case '\\': {
      const short = JSON_SHORT_ESCAPES[char];
      if (short !== undefined && text.startsWith(short, at)) ends.push(at + short.length);
      // \uXXXX of each UTF-16 unit (an emoji as its surrogate pair).
      const units = Array.from({ length: char.length }, (_, i) => char.charCodeAt(i));
      const end = escapesEnd(text, at, units, '\\u', 4);
      if (end > at) ends.push(end);
      break;
    }
    case '&': {
      const named = NAMED_REFERENCES[char];
      if (named !== undefined && text.startsWith(named, at)) ends.push(at + named.length);
      CHARACTER_REFERENCE.lastIndex = at;
      const reference = CHARACTER_REFERENCE.exec(text);
      const code = reference === null ? -1 : Number.parseInt(reference[1] ?? reference[2] ?? '', reference[1] !== undefined ? 16 : 10);
      if (reference !== null && code === char.codePointAt(0)) ends.push(at + reference[0].length);
      break;
    }
    case '%': {
      // %XX of each UTF-8 byte.
      const end = escapesEnd(text, at, bytesOf(char), '%', 2);
      if (end > at) ends.push(end);
      break;
    }
  }
  return ends;
}

/** The end of `values` written each as `prefix` and `width` hex digits from `at`, or -1. */
function escapesEnd(text: string, at: number, values: readonly number[], prefix: string, width: number): number {
  let end = at;
  for (const value of values) {
    if (!text.startsWith(prefix, end) || hexValue(text, end + prefix.length, width) !== value) return -1;
    end += prefix.length + width;
  }
  return end;
}

function hexValue(text: string, from: number, width: number): number {
  const digits = text.slice(from, from + width);
  return digits.length === width && /^[0-9a-f]+$/i.test(digits) ? Number.parseInt(digits, 16) : -1;
}
