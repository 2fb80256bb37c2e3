// The contract-based REST API: list/get/put/action over one HttpClient, with the access token from
// the TokenManager (a 401 gets one refresh and one retry), retries of retryable errors with capped
// exponential backoff and jitter, and every response classified and zod-parsed.
import { DEFAULT_POLL, pollAction, type PollPolicy } from './action-poller.ts';
import { systemClock, systemRandom, type Clock, type Random } from './clock.ts';
import { assertNotHtml, classifyResponse, listWhat, parseBody, parseJsonText } from './classify-response.ts';
import { chooseEndpoint, type Endpoint } from './endpoint-discovery.ts';
import { AcumaticaError, isAcumaticaError, type AcumaticaErrorKind } from './errors.ts';
import type { HttpClient, HttpMethod, HttpResponse } from './http-client.ts';
import { buildQueryString, type ListQuery } from './odata-filter.ts';
import { maskSecrets } from './redact.ts';
import type { RequestStats } from './request-budget.ts';
import { DEFAULT_BACKOFF, withRetry, type BackoffPolicy } from './retry.ts';
import { EndpointListWire, EntityListWire, EntityRecordWire } from './wire.ts';
import { parseHttpDate } from '../net/http-date.ts';

/** What the client needs from the TokenManager. */
export interface AccessTokenSource {
  getAccessToken(): Promise<string>;
  handleUnauthorized(rejectedToken: string): Promise<string>;
}

export interface RestClientOptions {
  http: HttpClient;
  tokens: AccessTokenSource;
  /** Pin a Default endpoint version instead of discovering the newest supported one. */
  endpointVersion?: string | null;
  clock?: Clock;
  random?: Random;
  retry?: { maxAttempts?: number; backoff?: BackoffPolicy };
  actionPoll?: Partial<PollPolicy>;
  /** Where the endpoint found by discovery is kept between runs (without a pinned version). */
  endpointMemory?: EndpointMemory;
}

/**
 * The endpoint the instance offered last time. Reusing it saves the `GET /entity` that would
 * otherwise open every run (and the first backfill right after a passing connection test). If the
 * instance no longer serves it (an upgrade dropped the version), the first 404 rediscovers.
 */
export interface EndpointMemory {
  recall(): Endpoint | null;
  remember(endpoint: Endpoint): void;
}

export interface Page<T> {
  records: T[];
  /** The response's `Date` header as ISO 8601 UTC: the server's clock, for cursors. */
  serverDate: string | null;
  /** HTTP requests this call made (retries and the 401 retry included). */
  requests: number;
}

/** A list page's body not yet parsed: the sync passes read it a record at a time (main/sync/page-decode.ts). */
export interface RawPage {
  /** JSON text (checked not to be an HTML page). */
  body: string;
  serverDate: string | null;
  requests: number;
}

export interface Result<T> {
  record: T;
  requests: number;
}

export interface PutOptions {
  expand?: readonly string[];
  select?: readonly string[];
  /** `*`: update only (412 when the record does not exist). */
  ifMatch?: '*';
  /** `*`: insert only (412 when the record exists). */
  ifNoneMatch?: '*';
}

interface Call {
  method: HttpMethod;
  url: URL;
  body?: unknown;
  headers?: Record<string, string>;
  entity?: string;
  operation: string;
  /** Safe to send again after a failure that may have reached the server. */
  idempotent: boolean;
}

/** Failures where the server refused before doing anything, so even a POST may be sent again. */
const REFUSED_BEFORE_PROCESSING: ReadonlySet<AcumaticaErrorKind> = new Set(['rate-limited', 'login-limit']);

export class AcumaticaRestClient {
  readonly http: HttpClient;
  #tokens: AccessTokenSource;
  #clock: Clock;
  #random: Random;
  #maxAttempts: number;
  #backoff: BackoffPolicy;
  #poll: PollPolicy;
  #pinned: string | null;
  #memory: EndpointMemory | null;
  #endpoint: Endpoint | null = null;
  /** #endpoint came from memory, not from this instance's answer in this run. */
  #endpointRecalled = false;

  constructor(options: RestClientOptions) {
    this.http = options.http;
    this.#tokens = options.tokens;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? systemRandom;
    this.#maxAttempts = options.retry?.maxAttempts ?? 4;
    this.#backoff = options.retry?.backoff ?? DEFAULT_BACKOFF;
    this.#poll = { ...DEFAULT_POLL, ...options.actionPoll };
    this.#pinned = options.endpointVersion ?? null;
    this.#memory = options.endpointMemory ?? null;
  }

  /** Requests counted so far (all of this instance's HTTP client, token requests included). */
  stats(): RequestStats {
    return this.http.budget.stats();
  }

  /** `GET {base}/entity`, choosing the newest supported Default version (or checking the pinned one). */
  async discover(): Promise<Endpoint> {
    const { res } = await this.#call({ method: 'GET', url: this.http.apiUrl('/entity'), operation: 'listing endpoints', idempotent: true });
    const endpoint = chooseEndpoint(parseBody(res, EndpointListWire, 'the endpoint list'), this.#pinned);
    this.#endpoint = endpoint;
    this.#endpointRecalled = false;
    if (!this.#pinned) this.#memory?.remember(endpoint);
    return endpoint;
  }

  /** The endpoint in use: the pinned version as is, else the remembered one, else discovered once. */
  async endpoint(): Promise<Endpoint> {
    if (this.#endpoint) return this.#endpoint;
    if (this.#pinned) return { name: 'Default', version: this.#pinned, acumaticaBuild: null };
    const recalled = this.#memory?.recall() ?? null;
    if (recalled) {
      this.#endpoint = recalled;
      this.#endpointRecalled = true;
      return recalled;
    }
    return this.discover();
  }

  async entityUrl(entity: string, suffix: readonly string[] = [], query?: string): Promise<URL> {
    const { name, version } = await this.endpoint();
    const segments = [name, version, entity, ...suffix].map((s) => encodeURIComponent(s));
    return this.http.apiUrl(`/entity/${segments.join('/')}`, query);
  }

  /** One page of records. Page by key with `filter` (records can leave a filtered set mid-pass), or by `skip`. */
  async list(entity: string, query: ListQuery = {}): Promise<Page<EntityRecordWire>> {
    const { body, serverDate, requests } = await this.listText(entity, query);
    return { records: parseJsonText(body, EntityListWire, listWhat(entity)), serverDate, requests };
  }

  /** One page as JSON text, for main/sync/page-decode.ts, which parses it record by record. */
  async listText(entity: string, query: ListQuery = {}): Promise<RawPage> {
    return this.#onEndpoint(async () => {
      const url = await this.entityUrl(entity, [], buildQueryString(query));
      const { res, requests } = await this.#call({ method: 'GET', url, entity, operation: `listing ${entity}`, idempotent: true });
      assertNotHtml(res, listWhat(entity));
      return { body: res.body, serverDate: serverDate(res), requests };
    });
  }

  /** One record by key fields (in key order) or by its `id`. */
  async get(entity: string, key: readonly string[], query: Pick<ListQuery, 'expand' | 'select'> = {}): Promise<Result<EntityRecordWire>> {
    return this.#onEndpoint(async () => {
      const url = await this.entityUrl(entity, key, buildQueryString(query));
      const { res, requests } = await this.#call({ method: 'GET', url, entity, operation: `reading ${entity} ${key.join(' ')}`, idempotent: true });
      return { record: parseBody(res, EntityRecordWire, `${entity} ${key.join(' ')}`), requests };
    });
  }

  /**
   * Runs a read against the endpoint in use. A remembered endpoint that answers 404 may be gone
   * (the instance was upgraded): discover once and, if that picks another version, read again.
   * Writes are not repeated this way; they run after a read has confirmed the endpoint.
   */
  async #onEndpoint<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      const stale = this.#endpointRecalled ? this.#endpoint : null;
      if (!stale || !isAcumaticaError(error, 'not-found')) throw error;
      const fresh = await this.discover();
      if (fresh.version === stale.version) throw error;
      return read();
    }
  }

  /** Upsert (or update-only / insert-only with `ifMatch` / `ifNoneMatch`); returns the saved record. */
  async put(entity: string, body: Record<string, unknown>, options: PutOptions = {}): Promise<Result<EntityRecordWire>> {
    const url = await this.entityUrl(entity, [], buildQueryString({ expand: options.expand, select: options.select }));
    const headers: Record<string, string> = {};
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    if (options.ifNoneMatch) headers['if-none-match'] = options.ifNoneMatch;
    const { res, requests } = await this.#call({ method: 'PUT', url, body, headers, entity, operation: `saving ${entity}`, idempotent: false });
    return { record: parseBody(res, EntityRecordWire, `the saved ${entity}`), requests };
  }

  /** Invokes an action and waits for it (202 + Location polling, with a ceiling). */
  async action(entity: string, action: string, body: { entity: Record<string, unknown>; parameters?: Record<string, unknown> }): Promise<{ requests: number }> {
    const url = await this.entityUrl(entity, [action]);
    const operation = `running ${entity}/${action}`;
    const payload = { entity: body.entity, parameters: body.parameters ?? {} };
    const first = await this.#call({ method: 'POST', url, body: payload, entity, operation, idempotent: false });
    let requests = first.requests;
    if (first.res.status !== 202) return { requests };
    const location = first.res.headers['location'];
    if (!location) {
      throw new AcumaticaError({ kind: 'bad-response', status: 202, message: `Acumatica accepted ${entity}/${action} but gave no Location to follow.` });
    }
    await pollAction(
      this.http.resolveServerUrl(location),
      async (pollUrl) => {
        const polled = await this.#call({ method: 'GET', url: pollUrl, entity, operation: `waiting for ${entity}/${action}`, idempotent: true });
        requests += polled.requests;
        return polled.res.status === 202 ? 'running' : 'done';
      },
      this.#clock,
      this.#poll,
      `${entity}/${action}`,
    );
    return { requests };
  }

  async #call(call: Call): Promise<{ res: HttpResponse; requests: number }> {
    let requests = 0;
    let sentThisAttempt = false;
    const send = async (token: string): Promise<HttpResponse> => {
      requests += 1;
      sentThisAttempt = true;
      const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}`, ...call.headers };
      if (call.body !== undefined) headers['content-type'] = 'application/json';
      return this.http.send({
        method: call.method,
        url: call.url,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
      });
    };
    const res = await withRetry(
      async () => {
        sentThisAttempt = false;
        const token = await this.#tokens.getAccessToken();
        const sent = [token];
        let response = await send(token);
        if (response.status === 401) {
          const renewed = await this.#tokens.handleUnauthorized(token);
          sent.push(renewed);
          response = await send(renewed);
        }
        // An error page may name the session it was asked under, without the "Bearer" that redact()
        // knows a token by: the tokens sent are masked by value before a message is made of it
        // (only in an error's answer: a page of records is not scanned for nothing).
        const failed = response.status < 200 || response.status >= 300;
        const error = classifyResponse(failed ? { ...response, body: maskSecrets(response.body, sent) } : response, { entity: call.entity, operation: call.operation });
        if (error) throw error;
        return response;
      },
      {
        maxAttempts: this.#maxAttempts,
        backoff: this.#backoff,
        clock: this.#clock,
        random: this.#random,
        shouldRetry: (error) =>
          error instanceof AcumaticaError &&
          error.retryable &&
          // A token failure happens before anything is sent, so it is safe to retry for any call.
          (!sentThisAttempt || call.idempotent || REFUSED_BEFORE_PROCESSING.has(error.kind)),
      },
    );
    return { res, requests };
  }
}

function serverDate(res: HttpResponse): string | null {
  const header = res.headers['date'];
  if (!header) return null;
  const time = parseHttpDate(header);
  return time === null ? null : new Date(time).toISOString();
}
