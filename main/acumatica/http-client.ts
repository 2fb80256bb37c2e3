// The one place that opens connections to Acumatica: a keep-alive undici dispatcher per client
// with connect, header and body timeouts, a deadline and a size cap for a whole response, an
// optional extra CA for internal PKI, proxies from
// HTTPS_PROXY/NO_PROXY, HTTPS unless the host is loopback, and every request counted against the
// request budget. Redirects are never followed: callers see the 3xx and decide.
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import { socketFailureText } from '../net/socket-failure.ts';
import { readCaFile } from './ca-file.ts';
import { AcumaticaError } from './errors.ts';
import type { RequestBudget } from './request-budget.ts';

export interface Timeouts {
  connectMs: number;
  headersMs: number;
  /** The longest silence while a body arrives. */
  bodyMs: number;
  /**
   * The longest a whole exchange may take. The body timeout only limits silences, so a proxy or
   * server that trickles a few bytes at a time would otherwise hold a sync cycle (and "Sync now",
   * which joins it) forever.
   */
  responseMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 90_000, bodyMs: 90_000, responseMs: 10 * 60_000 };

/**
 * The largest response read. A list page at the largest page size (1,000 orders) is a few MB;
 * a response that keeps on coming is dropped here rather than swelling memory until the process
 * dies.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

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
  /** See DEFAULT_MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number;
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
export function transportError(error: unknown, url: URL, maxBytes = DEFAULT_MAX_RESPONSE_BYTES): AcumaticaError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const where = `${url.protocol}//${url.host}`;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new AcumaticaError({ kind: 'timeout', message: `Timed out connecting to ${where}.`, cause: error });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new AcumaticaError({ kind: 'timeout', message: `${where} took too long to answer.`, cause: error });
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    // The whole-response deadline (Timeouts.responseMs): the answer kept coming, too slowly.
    return new AcumaticaError({ kind: 'timeout', message: `${where} was still sending its answer when the time allowed for one ran out.`, cause: error });
  }
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
    return new AcumaticaError({
      kind: 'bad-response',
      retryable: false,
      message: `The response from ${where} was larger than the connector reads (${sizeText(maxBytes)}) and was dropped. If this happens while importing, lower the page size (pageSize).`,
      cause: error,
    });
  }
  if (TLS_TRUST_CODE.test(code)) {
    return new AcumaticaError({
      kind: 'network',
      retryable: false,
      message: `The certificate of ${where} is not trusted (${code}). If the instance uses an internal certificate authority, add its CA file in the connection settings.`,
      cause: error,
    });
  }
  return new AcumaticaError({
    kind: 'network',
    message: `Could not reach ${where}: ${socketFailureText(error)}.`,
    cause: error,
  });
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export class HttpClient {
  readonly instance: InstanceUrl;
  readonly budget: RequestBudget;
  #dispatcher: Dispatcher & { close(): Promise<void> };
  readonly #responseMs: number;
  readonly #maxResponseBytes: number;

  constructor(options: HttpClientOptions) {
    this.instance = parseInstanceUrl(options.instanceUrl);
    this.budget = options.budget;
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.#responseMs = timeouts.responseMs;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
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
      maxResponseSize: this.#maxResponseBytes,
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
        signal: AbortSignal.timeout(this.#responseMs),
      });
    } catch (error) {
      throw transportError(error, req.url, this.#maxResponseBytes);
    }
    let body: string;
    try {
      body = await res.body.text();
    } catch (error) {
      const failure = transportError(error, req.url, this.#maxResponseBytes);
      if (failure.kind === 'timeout' || failure.kind === 'bad-response') throw failure;
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
