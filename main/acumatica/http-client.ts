// The one place that opens connections to Acumatica: a keep-alive undici dispatcher per client
// with connect, header and body timeouts, an optional extra CA for internal PKI, proxies from
// HTTPS_PROXY/NO_PROXY, HTTPS unless the host is loopback, and every request counted against the
// request budget. Redirects are never followed: callers see the 3xx and decide.
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import { readCaFile } from './ca-file.ts';
import { AcumaticaError } from './errors.ts';
import type { RequestBudget } from './request-budget.ts';

export interface Timeouts {
  connectMs: number;
  headersMs: number;
  bodyMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 90_000, bodyMs: 90_000 };

export interface HttpClientOptions {
  /** The instance URL, possibly with a virtual directory: `https://erp.example.com/AcumaticaERP`. */
  instanceUrl: string;
  budget: RequestBudget;
  /** Extra trusted CA certificate(s), PEM, added to Node's bundled roots. */
  extraCaPem?: string;
  /** Path of a PEM file with extra trusted CA certificate(s). */
  extraCaFile?: string;
  timeouts?: Partial<Timeouts>;
  /** Proxy settings; by default HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the environment. */
  proxy?: { httpsProxy?: string; httpProxy?: string; noProxy?: string };
  /** Concurrent connections to the instance; licences cap concurrent requests. */
  maxConnections?: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  url: URL;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  url: URL;
}

export interface InstanceUrl {
  /** `https://erp.example.com` */
  origin: string;
  /** `/AcumaticaERP`, or `` at the root; never a trailing slash. */
  basePath: string;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

export function parseInstanceUrl(raw: string): InstanceUrl {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AcumaticaError({ kind: 'configuration', message: `The instance URL "${raw}" is not a valid URL.` });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new AcumaticaError({
      kind: 'configuration',
      message: `The instance URL must use https:// (OAuth requires it); plain http is allowed only for this computer. Got ${url.protocol}//${url.host}.`,
    });
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new AcumaticaError({
      kind: 'configuration',
      message: 'The instance URL must not contain a user name, password, query or fragment.',
    });
  }
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}

function headerMap(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

// OpenSSL's certificate verification failures (CERT_*, UNABLE_TO_*, SELF_SIGNED_*, ...) and Node's
// host name check: waiting does not fix these, a CA file or the right URL does.
const TLS_TRUST_CODE = /^(?:CERT_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_SELF_SIGNED_|INVALID_CA|HOSTNAME_MISMATCH|ERR_TLS_CERT_)/;

/** Maps what undici or the socket threw to the taxonomy. */
export function transportError(error: unknown, url: URL): AcumaticaError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const where = `${url.protocol}//${url.host}`;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new AcumaticaError({ kind: 'timeout', message: `Timed out connecting to ${where}.`, cause: error });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new AcumaticaError({ kind: 'timeout', message: `${where} took too long to answer.`, cause: error });
  }
  if (TLS_TRUST_CODE.test(code)) {
    return new AcumaticaError({
      kind: 'network',
      retryable: false,
      message: `The certificate of ${where} is not trusted (${code}). If the instance uses an internal certificate authority, add its CA file in the connection settings.`,
      cause: error,
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new AcumaticaError({
    kind: 'network',
    message: `Could not reach ${where}: ${code ? `${code} ` : ''}${detail}`.trim(),
    cause: error,
  });
}

export class HttpClient {
  readonly instance: InstanceUrl;
  readonly budget: RequestBudget;
  #dispatcher: Dispatcher & { close(): Promise<void> };

  constructor(options: HttpClientOptions) {
    this.instance = parseInstanceUrl(options.instanceUrl);
    this.budget = options.budget;
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    const extraCa = [options.extraCaPem, options.extraCaFile ? readCaFile(options.extraCaFile) : undefined].filter(
      (pem): pem is string => typeof pem === 'string' && pem.trim().length > 0,
    );
    // Setting `ca` replaces Node's roots, so the bundled roots are passed along with the extra CA.
    const tls = extraCa.length > 0 ? { ca: [...rootCertificates, ...extraCa] } : {};
    const connect = { ...tls, timeout: timeouts.connectMs };
    this.#dispatcher = new EnvHttpProxyAgent({
      ...(options.proxy ?? {}),
      connect,
      requestTls: connect,
      proxyTls: connect,
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
      keepAliveTimeout: 30_000,
      connections: options.maxConnections ?? 4,
    });
  }

  /** `{origin}{basePath}{path}`; `path` starts with `/`. */
  apiUrl(path: string, query?: string): URL {
    const url = new URL(`${this.instance.origin}${this.instance.basePath}${path}`);
    if (query) url.search = `?${query}`;
    return url;
  }

  /**
   * A server-relative path returned by Acumatica (`Location`, `_links`) already contains the
   * virtual directory, so it resolves against the origin. Another origin is refused: the bearer
   * token must never leave the instance.
   */
  resolveServerUrl(location: string): URL {
    const url = new URL(location, this.instance.origin);
    if (url.origin !== this.instance.origin) {
      throw new AcumaticaError({
        kind: 'bad-response',
        message: `Acumatica pointed to another server (${url.origin}); the connector only talks to ${this.instance.origin}.`,
      });
    }
    return url;
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    await this.budget.acquire();
    let res: Dispatcher.ResponseData;
    try {
      res = await request(req.url, {
        dispatcher: this.#dispatcher,
        method: req.method,
        headers: req.headers ?? {},
        body: req.body ?? null,
      });
    } catch (error) {
      throw transportError(error, req.url);
    }
    let body: string;
    try {
      body = await res.body.text();
    } catch (error) {
      const failure = transportError(error, req.url);
      if (failure.kind === 'timeout') throw failure;
      // The status and headers arrived but the body was cut off.
      throw new AcumaticaError({
        kind: 'bad-response',
        retryable: true,
        status: res.statusCode,
        message: `The response from ${req.url.host} was cut off (HTTP ${res.statusCode}).`,
        cause: error,
      });
    }
    return { status: res.statusCode, headers: headerMap(res.headers), body, url: req.url };
  }

  close(): Promise<void> {
    return this.#dispatcher.close();
  }
}
