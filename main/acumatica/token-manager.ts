// Holds the connector's one Acumatica grant for the life of the installation: one password grant
// (each costs a licence seat), then refresh grants. Single-flight, rotation-safe (a new refresh
// token is persisted before its access token is used; a sent token is never sent again, even
// after a crash), and it tells the UI what it is doing through a state union.
import { systemClock, systemRandom, type Clock, type Random } from './clock.ts';
import { AcumaticaError, type AcumaticaErrorKind } from './errors.ts';
import type { HttpClient } from './http-client.ts';
import { backoffDelay, type BackoffPolicy } from './retry.ts';
import { logout, passwordGrant, refreshGrant, type TokenGrant, type UserCredentials } from './token-endpoint.ts';
import type { StoredGrant, TokenStore } from './token-store.ts';
import type { AuthState, TokenEvent, VerifySecretResult } from './auth-state.ts';

export type { AuthState, TokenEvent, VerifySecretResult } from './auth-state.ts';

export interface TokenManagerOptions {
  http: HttpClient;
  /** Reads the five values from the vault; called per grant, never cached here. */
  credentials: () => Promise<UserCredentials>;
  store: TokenStore;
  clock?: Clock;
  random?: Random;
  backoff?: BackoffPolicy;
  /** Structured events without secrets, for the log. */
  onEvent?: (event: TokenEvent) => void;
  /**
   * Why the stored password must not be sent, if so: Acumatica rejected it in an earlier run (or
   * another process), and every further try brings the integration user closer to a lockout. The
   * answer is that rejection's message, and the sign-in fails with it without asking Acumatica.
   */
  passwordRefused?: () => string | null;
  /**
   * Each secret value as it comes into play (a token issued or read from the store, a new client
   * secret about to be proven), so the log can mask it by value wherever it is echoed. Called with
   * a name per kind: a new value of a kind replaces the old ones (see Redactor.registerSecretValue).
   */
  onSecret?: (name: TokenSecretName, value: string) => void;
}

export type TokenSecretName = 'accessToken' | 'refreshToken' | 'pendingClientSecret';


interface AccessToken {
  token: string;
  expiresAt: number;
  refreshAt: number;
}

const PROACTIVE_MS = 5 * 60_000;
const EXPIRY_MARGIN_MS = 5_000;
const SPENT_TOKENS_KEPT = 8;
const DEFAULT_TOKEN_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 5 * 60_000 };
const REJECTED: ReadonlySet<AcumaticaErrorKind> = new Set(['credentials-rejected', 'secret-rejected']);

export class TokenManager {
  #o: Required<Omit<TokenManagerOptions, 'onEvent' | 'passwordRefused' | 'onSecret'>> & Pick<TokenManagerOptions, 'onEvent' | 'passwordRefused' | 'onSecret'>;
  #state: AuthState = { kind: 'signed-out' };
  #listeners = new Set<(state: AuthState) => void>();
  #access: AccessToken | null = null;
  #grant: StoredGrant | null = null;
  #loaded = false;
  #pending: { grant: StoredGrant | null; token: TokenGrant; refreshed: boolean } | null = null;
  /** Refresh tokens already sent once: never sent again (Acumatica would revoke the chain). */
  #spent = new Set<string>();
  #grantIssuedAt = 0;
  #lastRefreshAt: number | null = null;
  #failures = 0;
  #nextAttemptAt = 0;
  #rejected: AcumaticaError | null = null;
  /** Bumped by resume(): a sign-in begun before the credentials were fixed answers for the old ones. */
  #credentialsEpoch = 0;
  #renewing: Promise<string> | null = null;
  #lock: Promise<unknown> = Promise.resolve();

  constructor(options: TokenManagerOptions) {
    this.#o = {
      ...options,
      clock: options.clock ?? systemClock,
      random: options.random ?? systemRandom,
      backoff: options.backoff ?? DEFAULT_TOKEN_BACKOFF,
    };
  }

  get state(): AuthState {
    return this.#state;
  }

  onStateChange(listener: (state: AuthState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A valid access token; refreshes (once, for all concurrent callers) when it is near expiry. */
  async getAccessToken(): Promise<string> {
    if (this.#rejected) throw this.#rejected;
    const now = this.#o.clock.now();
    const access = this.#access;
    if (access && !this.#pending && now < access.expiresAt - EXPIRY_MARGIN_MS) {
      if (now >= access.refreshAt && now >= this.#nextAttemptAt && this.#grant) {
        // Proactive: renew in the background; callers keep the still-valid token meanwhile.
        this.#renew().catch(() => undefined);
      }
      return access.token;
    }
    return this.#renew();
  }

  /** After a 401 with `rejectedToken`: one refresh (shared), then the caller retries once. */
  async handleUnauthorized(rejectedToken: string): Promise<string> {
    if (this.#access?.token === rejectedToken) this.#access = null;
    return this.getAccessToken();
  }

  /**
   * Proves a new client secret with a refresh grant authenticated by it, without disturbing the
   * running connection; on success the rotated refresh token is adopted (so the old secret is no
   * longer needed) and a secret-rejected state clears. The caller then stores the new secret.
   */
  verifySecret(newSecret: string): Promise<VerifySecretResult> {
    this.#o.onSecret?.('pendingClientSecret', newSecret);
    return this.#exclusive(async () => {
      try {
        await this.#obtain(newSecret);
        this.#rejected = null;
        this.#connected();
        return { ok: true as const };
      } catch (error) {
        const failure = toError(error);
        if (failure.kind !== 'secret-rejected') this.#fail(failure);
        return { ok: false as const, error: failure };
      }
    });
  }

  /** After the operator fixed the credentials: allow sign-in attempts again. */
  resume(): void {
    this.#credentialsEpoch += 1;
    this.#rejected = null;
    this.#failures = 0;
    this.#nextAttemptAt = 0;
    if (this.#state.kind === 'credentials-rejected' || this.#state.kind === 'secret-rejected') {
      this.#setState({ kind: 'signed-out' });
    }
  }

  /** Ends the API session and forgets the grant (the next call signs in again). */
  signOut(): Promise<void> {
    return this.#exclusive(async () => {
      const access = this.#access;
      const usable = access !== null && this.#o.clock.now() < access.expiresAt - EXPIRY_MARGIN_MS;
      // Only an access token can end the session; with an expired one, refresh first so the
      // licence seat is freed now rather than when the session idles out. Never with the password:
      // a lapsed refresh token's session has idled out already, and a sign-in only to sign out
      // costs a seat for nothing, or a failed sign-in towards the user's lockout (the usual reason
      // to leave a user is that it was disabled or its password changed).
      if (!usable && !this.#rejected && (await this.#loadGrant())) await this.#obtain(null, { signIn: false }).catch(() => undefined);
      await this.#discardAccess();
      await this.#o.store.clear();
      this.#grant = null;
      this.#pending = null;
      this.#setState({ kind: 'signed-out' });
    });
  }

  /** At shutdown: a grant without a refresh token cannot be resumed, so its session is ended. */
  shutdown(): Promise<void> {
    return this.#exclusive(async () => {
      if (!this.#grant) await this.#discardAccess();
      this.#access = null;
    });
  }

  #renew(): Promise<string> {
    this.#renewing ??= this.#exclusive(async () => {
      const access = this.#access;
      const now = this.#o.clock.now();
      if (access && !this.#pending && now < access.refreshAt) return access.token; // renewed meanwhile
      if (this.#rejected) throw this.#rejected;
      // Never longer than the backoff's cap: after the clock was set back, the planned attempt lies
      // as much further away by the wall clock, and waiting for it would hold the cycle for days.
      if (now < this.#nextAttemptAt) await this.#o.clock.sleep(Math.min(this.#nextAttemptAt - now, this.#o.backoff.capMs));
      this.#setState({ kind: 'refreshing', since: this.#o.clock.now() });
      const epoch = this.#credentialsEpoch;
      try {
        const token = await this.#obtain(null);
        this.#connected();
        return token;
      } catch (error) {
        // The operator fixed the credentials while this sign-in was on the wire: its rejection is
        // of the old ones and must not refuse the new ones until the next resume().
        if (epoch !== this.#credentialsEpoch) {
          this.#setState({ kind: 'signed-out' });
          throw toError(error);
        }
        throw this.#fail(toError(error));
      }
    }).finally(() => {
      this.#renewing = null;
    });
    return this.#renewing;
  }

  /** `signIn: false`: a refresh grant or nothing (the caller only wants to end the session). */
  async #obtain(secretOverride: string | null, { signIn = true } = {}): Promise<string> {
    if (this.#pending && secretOverride === null) return this.#commit(this.#pending);
    const grant = await this.#currentGrant();
    const stored = await this.#o.credentials();
    const creds = secretOverride === null ? stored : { ...stored, clientSecret: secretOverride };
    if (grant && !this.#spent.has(grant.refreshToken)) {
      const now = this.#o.clock.now();
      // Write-ahead marker: if we die before the successor is persisted, this token is never reused.
      await this.#save({ ...grant, refreshStartedAt: now });
      this.#grant = { ...grant, refreshStartedAt: now };
      try {
        const token = await refreshGrant(this.#o.http, creds, grant.refreshToken, () => this.#o.clock.now());
        if (token.refreshToken) rememberSpentToken(this.#spent, grant.refreshToken);
        const next: StoredGrant = token.refreshToken
          ? { refreshToken: token.refreshToken, refreshTokenIssuedAt: token.receivedAt, grantIssuedAt: grant.grantIssuedAt, refreshStartedAt: null }
          : { ...grant, refreshStartedAt: null };
        this.#grant = next;
        return await this.#commit({ grant: next, token, refreshed: true });
      } catch (error) {
        if (!(error instanceof AcumaticaError && error.kind === 'refresh-rejected')) {
          // A 4xx answer (e.g. invalid_client) means the token was not rotated: drop the marker so
          // a restart does not give up a good token. No answer, or a 5xx, stays ambiguous.
          if (error instanceof AcumaticaError && error.status !== null && error.status >= 400 && error.status < 500) {
            this.#grant = { ...grant, refreshStartedAt: null };
            await this.#o.store.save(this.#grant).catch(() => undefined);
          }
          throw error;
        }
        // The refresh token lapsed (a pause longer than the sliding window) or was revoked.
        rememberSpentToken(this.#spent, grant.refreshToken);
        this.#grant = null;
        this.#event({ level: 'warn', event: 'refresh-rejected', detail: error.message });
      }
    }
    if (!signIn) throw new AcumaticaError({ kind: 'refresh-rejected', message: 'There is no usable refresh token, and this needs no new sign-in.' });
    const refused = this.#o.passwordRefused?.();
    if (refused) throw new AcumaticaError({ kind: 'credentials-rejected', message: refused });
    await this.#discardAccess();
    const token = await passwordGrant(this.#o.http, creds, () => this.#o.clock.now());
    this.#event({ level: 'info', event: 'password-grant' });
    this.#grantIssuedAt = token.receivedAt;
    const next: StoredGrant | null = token.refreshToken
      ? { refreshToken: token.refreshToken, refreshTokenIssuedAt: token.receivedAt, grantIssuedAt: token.receivedAt, refreshStartedAt: null }
      : null;
    this.#grant = next;
    return this.#commit({ grant: next, token, refreshed: false });
  }

  /** Persist first, then adopt: an access token is never used before its refresh token is saved. */
  async #commit(pending: { grant: StoredGrant | null; token: TokenGrant; refreshed: boolean }): Promise<string> {
    this.#pending = pending;
    this.#o.onSecret?.('accessToken', pending.token.accessToken);
    if (pending.grant) this.#o.onSecret?.('refreshToken', pending.grant.refreshToken);
    if (pending.grant) await this.#save(pending.grant);
    else await this.#o.store.clear();
    this.#pending = null;
    const { token } = pending;
    const lead = Math.min(PROACTIVE_MS, token.lifetimeMs * 0.1);
    this.#access = { token: token.accessToken, expiresAt: token.accessExpiresAt, refreshAt: token.accessExpiresAt - lead };
    if (pending.refreshed) {
      this.#lastRefreshAt = token.receivedAt;
      this.#event({ level: 'info', event: 'refresh' });
    }
    return token.accessToken;
  }

  async #loadGrant(): Promise<StoredGrant | null> {
    if (this.#loaded) return this.#grant;
    const stored = await this.#o.store.load();
    this.#loaded = true;
    if (stored) this.#o.onSecret?.('refreshToken', stored.refreshToken);
    if (stored && stored.refreshStartedAt !== null) {
      rememberSpentToken(this.#spent, stored.refreshToken);
      this.#event({ level: 'warn', event: 'interrupted-refresh', detail: 'a refresh was interrupted; signing in again' });
      this.#grant = null;
    } else {
      this.#grant = stored;
      if (stored) this.#grantIssuedAt = stored.grantIssuedAt;
    }
    return this.#grant;
  }

  /**
   * The grant to refresh with, checked against the store first: the service and the CLI share one
   * vault, and a command run beside the service (rotate-secret, sync --once) refreshes the token the
   * service holds in memory. Sending that spent token would be reuse, which revokes the whole chain.
   */
  async #currentGrant(): Promise<StoredGrant | null> {
    const mine = this.#grant;
    if (!this.#loaded || mine === null || this.#pending) return this.#loadGrant();
    const stored = await this.#o.store.load();
    if (stored?.refreshToken === mine.refreshToken && stored.refreshStartedAt === mine.refreshStartedAt) return mine;
    if (stored && stored.refreshStartedAt === null && !this.#spent.has(stored.refreshToken)) {
      // Another process rotated it: carry on with its successor (same chain, same session).
      this.#o.onSecret?.('refreshToken', stored.refreshToken);
      rememberSpentToken(this.#spent, mine.refreshToken);
      this.#grant = stored;
      return stored;
    }
    // Gone from the store (signed out elsewhere), or another process is sending it now or died
    // doing so: either way it may be spent, so sign in again rather than guess.
    rememberSpentToken(this.#spent, mine.refreshToken);
    if (stored) rememberSpentToken(this.#spent, stored.refreshToken);
    if (stored) this.#event({ level: 'warn', event: 'interrupted-refresh', detail: 'another process was refreshing this token; signing in again' });
    this.#grant = null;
    return null;
  }

  async #save(grant: StoredGrant): Promise<void> {
    try {
      await this.#o.store.save(grant);
    } catch (error) {
      throw new AcumaticaError({
        kind: 'storage',
        message: `Could not save the refresh token to the vault: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      });
    }
  }

  /** Signs out a grant that is being replaced, if its access token can still do so. */
  async #discardAccess(): Promise<void> {
    const access = this.#access;
    this.#access = null;
    if (!access || this.#o.clock.now() >= access.expiresAt) return;
    try {
      await logout(this.#o.http, access.token);
      this.#event({ level: 'info', event: 'signed-out' });
    } catch (error) {
      this.#event({ level: 'warn', event: 'logout-failed', detail: toError(error).message });
    }
  }

  #fail(error: AcumaticaError): AcumaticaError {
    this.#event({ level: 'warn', event: 'renew-failed', detail: error.message });
    if (REJECTED.has(error.kind)) {
      this.#rejected = error;
      const kind = error.kind === 'secret-rejected' ? 'secret-rejected' : 'credentials-rejected';
      this.#setState({ kind, description: error.message });
      return error;
    }
    this.#failures += 1;
    this.#nextAttemptAt = this.#o.clock.now() + backoffDelay(this.#failures, this.#o.backoff, this.#o.random);
    this.#setState({ kind: 'retrying', reason: error.message, nextAttemptAt: this.#nextAttemptAt, failures: this.#failures });
    return error;
  }

  #connected(): void {
    this.#failures = 0;
    this.#nextAttemptAt = 0;
    const access = this.#access;
    if (!access) return;
    this.#setState({
      kind: 'connected',
      accessExpiresAt: access.expiresAt,
      lastRefreshAt: this.#lastRefreshAt,
      refreshTokenIssuedAt: this.#grant?.refreshTokenIssuedAt ?? null,
      grantIssuedAt: this.#grantIssuedAt,
    });
  }

  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(task, task);
    this.#lock = run.catch(() => undefined);
    return run;
  }

  #setState(state: AuthState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener(state);
  }

  #event(event: TokenEvent): void {
    this.#o.onEvent?.(event);
  }
}

function toError(error: unknown): AcumaticaError {
  if (error instanceof AcumaticaError) return error;
  return new AcumaticaError({
    kind: 'storage',
    retryable: true,
    message: `Unexpected failure while getting a token: ${error instanceof Error ? error.message : String(error)}`,
    cause: error,
  });
}

/**
 * Adds a spent refresh token, keeping only the latest few: only those can come back (the grant in
 * hand, or one a crash left in the store). Unbounded, the set grew by one per refresh for the life
 * of the process, with old secrets lingering in memory.
 */
export function rememberSpentToken(spent: Set<string>, refreshToken: string, keep = SPENT_TOKENS_KEPT): void {
  spent.add(refreshToken);
  for (const oldest of spent) {
    if (spent.size <= keep) break;
    spent.delete(oldest);
  }
}
