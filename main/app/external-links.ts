// The only way main opens anything in the operator's browser. https only, and only to hosts we
// know: Acumatica's and DropStream's help, and the operator's own Acumatica instance. A page that
// managed to ask for `file:`, `smb:` or a look-alike host gets nothing (Electron security
// checklist item 15, https://www.electronjs.org/docs/latest/tutorial/security#15-do-not-use-shellopenexternal-with-untrusted-content).

export const STATIC_ALLOWED_HOSTS = ['acumatica.com', 'dropstream.com'] as const;

/** True for `host` itself and for its subdomains, never for `evilacumatica.com`. */
function hostMatches(hostname: string, allowed: string): boolean {
  return hostname === allowed || hostname.endsWith(`.${allowed}`);
}

export function isAllowedExternalUrl(url: string, allowedHosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  const hostname = parsed.hostname.toLowerCase();
  return allowedHosts.some((allowed) => hostMatches(hostname, allowed.toLowerCase()));
}

export interface ExternalOpenerOptions {
  openExternal(url: string): Promise<void>;
  /** Read on every call: the instance URL may change in setup. */
  extraHosts(): string[];
  onRefused?(url: string): void;
}

export type OpenExternal = (url: string) => Promise<boolean>;

export function createExternalOpener(options: ExternalOpenerOptions): OpenExternal {
  return async (url) => {
    if (!isAllowedExternalUrl(url, [...STATIC_ALLOWED_HOSTS, ...options.extraHosts()])) {
      options.onRefused?.(url);
      return false;
    }
    await options.openExternal(new URL(url).href);
    return true;
  };
}

/** The host of a configured instance URL, to add to the allow-list; none when unset or invalid. */
export function instanceHost(instanceUrl: string): string[] {
  try {
    const url = new URL(instanceUrl);
    return url.protocol === 'https:' ? [url.hostname] : [];
  } catch {
    return [];
  }
}
