// POST {base}/identity/connect/token: the password and refresh_token grants of Acumatica's
// identity server, with its error bodies (400 {error, error_description}).
import { json, type SimResponse } from '../http/response.ts';
import type { SimClock } from '../util/clock.ts';
import { findUser, type Accounts, type ClientRecord } from './accounts.ts';
import { loginLimitResponse, type LoginLimitForm } from './login-limit.ts';
import {
  chainAbsoluteExpiry,
  opaqueToken,
  openSessions,
  refreshExpiry,
  revokeChain,
  type RefreshChain,
  type RefreshPolicy,
  type TokenStore,
} from './token-store.ts';

export type GrantOutcome =
  | 'ok'
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'unsupported_grant_type'
  | 'login_limit';

export interface GrantLogEntry {
  type: 'password' | 'refresh' | 'other';
  time: number;
  clientId: string | null;
  username: string | null;
  outcome: GrantOutcome;
  /** Why, for tests: 'unknown-client', 'wrong-secret', 'secret-expired', 'wrong-password',
   *  'user-disabled', 'refresh-unknown', 'refresh-expired', 'refresh-reused', 'refresh-revoked', ... */
  reason: string;
  sessionId: string | null;
}

export interface IdentityContext {
  accounts: Accounts;
  tokens: TokenStore;
  clock: SimClock;
  grants: GrantLogEntry[];
  settings: IdentitySettings;
}

export interface IdentitySettings {
  virtualDirectory: string;
  accessTokenLifetimeSeconds: number;
  refresh: RefreshPolicy;
  maxApiSessions: number;
  loginLimitForm: LoginLimitForm;
  sessionIdleTimeoutSeconds: number | null;
  /** Send expires_in as a string ("3600"), which some builds do. */
  expiresInAsString: boolean;
}

const SUPPORTED_SCOPES = new Set(['api', 'offline_access']);

export function handleTokenRequest(ctx: IdentityContext, form: URLSearchParams, authorization: string | undefined): SimResponse {
  const now = ctx.clock.now();
  const grantType = form.get('grant_type');
  const type = grantType === 'password' ? 'password' : grantType === 'refresh_token' ? 'refresh' : 'other';
  const basic = parseBasic(authorization);
  const clientId = form.get('client_id') ?? basic?.id ?? null;
  const clientSecret = form.get('client_secret') ?? basic?.secret ?? null;
  const username = type === 'password' ? form.get('username') : null;

  const log = (outcome: GrantOutcome, reason: string, sessionId: string | null = null): void => {
    ctx.grants.push({ type, time: now, clientId, username, outcome, reason, sessionId });
  };
  const fail = (error: GrantOutcome, reason: string, description: string): SimResponse => {
    log(error, reason);
    return json(400, { error, error_description: description });
  };

  if (type === 'other') return fail('unsupported_grant_type', `grant_type=${grantType ?? ''}`, 'Unsupported grant type.');
  if (!clientId) return fail('invalid_client', 'no-client-id', 'Client authentication failed.');
  const client = ctx.accounts.clients.get(clientId.toLowerCase());
  if (!client) return fail('invalid_client', 'unknown-client', 'Unknown client or client not enabled.');
  const secretCheck = checkSecret(client, clientSecret, now);
  if (secretCheck !== 'ok') return fail('invalid_client', secretCheck, 'Invalid client secret.');

  if (type === 'password') {
    const password = form.get('password');
    if (!username || password === null) return fail('invalid_request', 'missing-credentials', 'Username and password are required.');
    const scopes = (form.get('scope') ?? 'api').split(' ').filter(Boolean);
    if (scopes.some((s) => !SUPPORTED_SCOPES.has(s))) return fail('invalid_scope', 'unknown-scope', 'Invalid scope.');
    const user = findUser(ctx.accounts, username);
    if (!user || user.password !== password) return fail('invalid_grant', 'wrong-password', 'Invalid username or password.');
    if (user.disabled) return fail('invalid_grant', 'user-disabled', 'The user account is disabled or locked.');
    const idle = idleMs(ctx.settings);
    if (openSessions(ctx.tokens, now, idle).length >= ctx.settings.maxApiSessions) {
      log('login_limit', 'max-api-sessions');
      return loginLimitResponse(ctx.settings.loginLimitForm, ctx.settings.virtualDirectory);
    }
    const sessionId = openSession(ctx, user.username, client.clientId, now);
    const chain: RefreshChain = {
      id: opaqueToken(),
      clientId: client.clientId,
      username: user.username,
      sessionId,
      startedAt: now,
      absoluteExpiresAt: chainAbsoluteExpiry(ctx.settings.refresh, now),
      revoked: false,
    };
    ctx.tokens.chains.set(chain.id, chain);
    log('ok', 'granted', sessionId);
    return issue(ctx, chain, scopes, now);
  }

  // Refresh grant.
  const presented = form.get('refresh_token');
  if (!presented) return fail('invalid_request', 'missing-refresh-token', 'refresh_token is required.');
  const record = ctx.tokens.refreshTokens.get(presented);
  const chain = record ? ctx.tokens.chains.get(record.chainId) : undefined;
  if (!record || !chain) return fail('invalid_grant', 'refresh-unknown', 'Invalid refresh token.');
  if (chain.clientId !== client.clientId) return fail('invalid_grant', 'refresh-other-client', 'Invalid refresh token.');
  if (record.usedAt !== null) {
    if (ctx.settings.refresh.reuse === 'revoke-chain') revokeChain(ctx.tokens, chain, now, 'refresh-token-reuse');
    return fail('invalid_grant', 'refresh-reused', 'Invalid refresh token.');
  }
  if (chain.revoked) return fail('invalid_grant', 'refresh-revoked', 'Invalid refresh token.');
  if (record.expiresAt !== null && now >= record.expiresAt) return fail('invalid_grant', 'refresh-expired', 'Invalid refresh token.');
  const user = findUser(ctx.accounts, chain.username);
  if (!user || user.disabled) return fail('invalid_grant', 'user-disabled', 'The user account is disabled or locked.');

  // Refreshes reuse the grant's session; only if it timed out does a new one open (and count).
  const idle = idleMs(ctx.settings);
  const open = openSessions(ctx.tokens, now, idle);
  if (!open.some((s) => s.id === chain.sessionId)) {
    if (open.length >= ctx.settings.maxApiSessions) {
      log('login_limit', 'max-api-sessions');
      return loginLimitResponse(ctx.settings.loginLimitForm, ctx.settings.virtualDirectory);
    }
    chain.sessionId = openSession(ctx, chain.username, chain.clientId, now);
  } else {
    const session = ctx.tokens.sessions.get(chain.sessionId);
    if (session) session.lastSeenAt = now;
  }
  record.usedAt = now;
  ctx.grants.push({ type, time: now, clientId, username: chain.username, outcome: 'ok', reason: 'refreshed', sessionId: chain.sessionId });
  return issue(ctx, chain, ['api', 'offline_access'], now);
}

function issue(ctx: IdentityContext, chain: RefreshChain, scopes: string[], now: number): SimResponse {
  const lifetime = ctx.settings.accessTokenLifetimeSeconds;
  const accessToken = opaqueToken();
  ctx.tokens.accessTokens.set(accessToken, {
    token: accessToken,
    username: chain.username,
    clientId: chain.clientId,
    sessionId: chain.sessionId,
    chainId: chain.id,
    expiresAt: now + lifetime * 1000,
    revoked: false,
  });
  const body: Record<string, unknown> = {
    access_token: accessToken,
    expires_in: ctx.settings.expiresInAsString ? String(lifetime) : lifetime,
    token_type: 'Bearer',
    scope: scopes.join(' '),
  };
  if (scopes.includes('offline_access')) {
    const refreshToken = opaqueToken();
    ctx.tokens.refreshTokens.set(refreshToken, {
      token: refreshToken,
      chainId: chain.id,
      expiresAt: refreshExpiry(ctx.settings.refresh, chain, now),
      usedAt: null,
    });
    body.refresh_token = refreshToken;
  }
  return json(200, body, { 'cache-control': 'no-store', pragma: 'no-cache' });
}

function openSession(ctx: IdentityContext, username: string, clientId: string, now: number): string {
  const id = opaqueToken().slice(0, 16);
  ctx.tokens.sessions.set(id, { id, username, clientId, openedAt: now, lastSeenAt: now, closedAt: null, closeReason: null });
  return id;
}

function checkSecret(client: ClientRecord, secret: string | null, now: number): 'ok' | 'wrong-secret' | 'secret-expired' {
  const match = client.secrets.find((s) => s.value === secret);
  if (!match) return 'wrong-secret';
  if (match.expiresAt !== null && now >= match.expiresAt) return 'secret-expired';
  return 'ok';
}

function parseBasic(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

export function idleMs(settings: IdentitySettings): number | null {
  return settings.sessionIdleTimeoutSeconds === null ? null : settings.sessionIdleTimeoutSeconds * 1000;
}
