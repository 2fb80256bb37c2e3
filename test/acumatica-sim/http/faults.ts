// Fault injection: rules that replace, delay, drop or truncate matching responses, and hooks run
// between list pages (to change data while a client is paging). Rules match on method and on
// the path relative to the base URL (e.g. '/entity/Default/24.200.001/SalesOrder'), and fire for
// the next N matches, with a seeded probability, after skipping some.
import type { LoginLimitForm } from '../identity/login-limit.ts';
import type { SimResponse } from './response.ts';
import type { Rng } from '../util/rng.ts';

export type FaultKind =
  /** 429 with a JSON body. No Retry-After unless given. */
  | { kind: 'rate-limit-json'; retryAfterSeconds?: number }
  /** 429 with IIS's plain-text body and no Retry-After. */
  | { kind: 'rate-limit-text' }
  | { kind: 'server-error'; status?: number; message?: string }
  /** "Optimization cannot be performed..." 500, what a too-heavy list gets. */
  | { kind: 'optimization-error' }
  /** An HTML error page (a proxy or IIS), status 500 unless given. */
  | { kind: 'html-error'; status?: number }
  | { kind: 'login-limit'; form: LoginLimitForm }
  /** Waits before handling. */
  | { kind: 'latency'; ms: number }
  /** Destroys the socket: 'before' the request is processed, or 'after' (the change happened but
   *  the client never hears of it). */
  | { kind: 'drop'; when?: 'before' | 'after' }
  /** Sends the headers (with the full Content-Length) and part of the body, then destroys. */
  | { kind: 'truncate'; fraction?: number }
  /** Sends the whole response, `bytes` at a time every `intervalMs`: a slow proxy or link. */
  | { kind: 'trickle'; bytes: number; intervalMs: number }
  /** Rewrites the response the simulator worked out (status, headers with its `Date`, body text)
   *  before it is sent: a proxy's page with status 200, a cut or reshaped body, a wrong or missing
   *  `Date`. A `content-length` it sets is sent as is, even when it does not match the body. */
  | { kind: 'rewrite'; edit: (response: SimResponse) => SimResponse };

export type PathMatcher = string | RegExp | ((relativePath: string, method: string) => boolean);

export interface FaultOptions {
  method?: string;
  /** A substring of the relative path, a RegExp, or a predicate. Default: every request. */
  path?: PathMatcher;
  /** How many matching requests it fires for. Default: 1. Infinity = until removed. */
  times?: number;
  /** Chance of firing for each matching request (seeded RNG). Default 1. */
  probability?: number;
  /** Let this many matching requests through first. Default 0. */
  skip?: number;
}

export interface FaultHandle {
  readonly id: number;
  /** How many times it fired. */
  readonly hits: number;
  remove(): void;
}

export interface ListPageInfo {
  entity: string;
  count: number;
  skip: number;
  top: number | null;
  /** 1 for the first page hooked, 2 for the next... */
  pageIndex: number;
}

interface Rule {
  id: number;
  fault: FaultKind;
  options: FaultOptions;
  remaining: number;
  toSkip: number;
  hits: number;
}

interface PageHook {
  id: number;
  run: (info: ListPageInfo) => void;
  entity: string | null;
  remaining: number;
  hits: number;
}

export class FaultInjector {
  private rules: Rule[] = [];
  private hooks: PageHook[] = [];
  private nextId = 1;
  private readonly rng: () => Rng;

  /** rng is a getter so that sim.reset() can rewind the stream. */
  constructor(rng: () => Rng) {
    this.rng = rng;
  }

  inject(fault: FaultKind, options: FaultOptions = {}): FaultHandle {
    const rule: Rule = { id: this.nextId++, fault, options, remaining: options.times ?? 1, toSkip: options.skip ?? 0, hits: 0 };
    this.rules.push(rule);
    return {
      id: rule.id,
      get hits() {
        return rule.hits;
      },
      remove: () => {
        this.rules = this.rules.filter((r) => r !== rule);
      },
    };
  }

  rateLimit(options: FaultOptions & { retryAfterSeconds?: number } = {}): FaultHandle {
    return this.inject({ kind: 'rate-limit-json', retryAfterSeconds: options.retryAfterSeconds }, options);
  }
  rateLimitText(options: FaultOptions = {}): FaultHandle {
    return this.inject({ kind: 'rate-limit-text' }, options);
  }
  serverError(options: FaultOptions & { status?: number; message?: string } = {}): FaultHandle {
    return this.inject({ kind: 'server-error', status: options.status, message: options.message }, options);
  }
  optimizationError(options: FaultOptions = {}): FaultHandle {
    return this.inject({ kind: 'optimization-error' }, options);
  }
  htmlError(options: FaultOptions & { status?: number } = {}): FaultHandle {
    return this.inject({ kind: 'html-error', status: options.status }, options);
  }
  loginLimit(form: LoginLimitForm, options: FaultOptions = {}): FaultHandle {
    return this.inject({ kind: 'login-limit', form }, options);
  }
  latency(ms: number, options: FaultOptions = {}): FaultHandle {
    return this.inject({ kind: 'latency', ms }, options);
  }
  dropConnection(options: FaultOptions & { when?: 'before' | 'after' } = {}): FaultHandle {
    return this.inject({ kind: 'drop', when: options.when }, options);
  }
  truncateBody(options: FaultOptions & { fraction?: number } = {}): FaultHandle {
    return this.inject({ kind: 'truncate', fraction: options.fraction }, options);
  }
  trickleBody(options: FaultOptions & { bytes: number; intervalMs: number }): FaultHandle {
    return this.inject({ kind: 'trickle', bytes: options.bytes, intervalMs: options.intervalMs }, options);
  }

  rewrite(edit: (response: SimResponse) => SimResponse, options: FaultOptions = {}): FaultHandle {
    return this.inject({ kind: 'rewrite', edit }, options);
  }

  /** Runs `hook` after a list page was computed and before it is sent, so the client's next
   *  page sees the change. Default: the next page of any entity, once. */
  betweenPages(hook: (info: ListPageInfo) => void, options: { entity?: string; times?: number } = {}): FaultHandle {
    const entry: PageHook = { id: this.nextId++, run: hook, entity: options.entity ?? null, remaining: options.times ?? 1, hits: 0 };
    this.hooks.push(entry);
    return {
      id: entry.id,
      get hits() {
        return entry.hits;
      },
      remove: () => {
        this.hooks = this.hooks.filter((h) => h !== entry);
      },
    };
  }

  clear(): void {
    this.rules = [];
    this.hooks = [];
  }

  /** The faults that fire for this request, in the order they were injected. */
  decide(method: string, relativePath: string): FaultKind[] {
    const fired: FaultKind[] = [];
    for (const rule of this.rules) {
      if (rule.remaining <= 0 || !matches(rule.options, method, relativePath)) continue;
      if (rule.toSkip > 0) {
        rule.toSkip--;
        continue;
      }
      if (rule.options.probability !== undefined && this.rng().next() >= rule.options.probability) continue;
      rule.remaining--;
      rule.hits++;
      fired.push(rule.fault);
    }
    return fired;
  }

  runPageHooks(page: Omit<ListPageInfo, 'pageIndex'>): void {
    for (const hook of this.hooks) {
      if (hook.remaining <= 0 || (hook.entity !== null && hook.entity !== page.entity)) continue;
      hook.remaining--;
      hook.hits++;
      hook.run({ ...page, pageIndex: hook.hits });
    }
  }
}

function matches(options: FaultOptions, method: string, relativePath: string): boolean {
  if (options.method && options.method.toUpperCase() !== method) return false;
  const path = options.path;
  if (path === undefined) return true;
  if (typeof path === 'string') return relativePath.includes(path);
  if (path instanceof RegExp) return path.test(relativePath);
  return path(relativePath, method);
}
