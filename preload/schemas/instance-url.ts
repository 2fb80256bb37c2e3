// The Instance URL as an operator pastes it, normalised to the base every API path is appended to.
// Operators copy it from the browser's address bar, so it often carries the page they were on
// (`/Main?ScreenId=...`) or an API path (`/entity/Default/...`), trailing slashes and stray spaces.
import { quoteForMessage } from './one-line.ts';

const PAGE_SUFFIXES = [/\/entity(\/.*)?$/i, /\/identity(\/.*)?$/i, /\/Main(\.aspx)?$/i, /\/Frames\/.*$/i, /\/\(W\(\d+\)\)$/i];

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

export type InstanceUrlResult = { ok: true; url: string } | { ok: false; message: string };

export function normaliseInstanceUrl(input: string): InstanceUrlResult {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, message: 'Enter the Instance URL, for example https://mycompany.acumatica.com.' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  const notAnAddress: InstanceUrlResult = { ok: false, message: `${quoteForMessage(trimmed)} is not a web address. Copy the address of your Acumatica sign-in page, for example https://mycompany.acumatica.com.` };
  // A space inside is never part of an address. Chromium's parser keeps "erp example com" as the
  // host erp%20example%20com where Node's refuses it, and the form and the engine must agree.
  if (/\s/.test(trimmed)) return notAnAddress;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return notAnAddress;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { ok: false, message: 'The Instance URL must start with https://.' };
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    return { ok: false, message: 'Acumatica only allows OAuth sign-in over https://. Use the https:// address of your instance (http:// is accepted only for localhost).' };
  }
  if (parsed.username || parsed.password) {
    return { ok: false, message: 'Remove the user name and password from the Instance URL; enter them in their own fields.' };
  }
  let path = parsed.pathname.replace(/\/+$/, '');
  for (const suffix of PAGE_SUFFIXES) path = path.replace(suffix, '');
  path = path.replace(/\/+$/, '');
  return { ok: true, url: `${parsed.protocol}//${parsed.host}${path}` };
}
