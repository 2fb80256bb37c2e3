// API sessions, access tokens and rotating refresh-token chains. A chain is one password grant
// and every refresh that followed it; it owns one API session (refreshes reuse it).
import { randomBytes } from 'node:crypto';

export interface RefreshPolicy {
  mode: 'sliding' | 'absolute';
  /** Sliding mode: each refresh extends the new token's life by this much. Default 15 days. */
  slidingSeconds: number;
  /** Absolute mode: the chain's life from the password grant (default 30 days). Sliding mode:
   *  the cap from the password grant, null = no cap (the default). */
  absoluteSeconds: number | null;
  /** What presenting an already-used refresh token does: rejected alone, or the whole chain
   *  (every refresh and access token of it, and its session) is revoked. Default 'revoke-chain'. */
  reuse: 'reject' | 'revoke-chain';
}

export interface ApiSession {
  id: string;
  username: string;
  clientId: string;
  openedAt: number;
  lastSeenAt: number;
  closedAt: number | null;
  closeReason: string | null;
}

export interface RefreshChain {
  id: string;
  clientId: string;
  username: string;
  sessionId: string;
  startedAt: number;
  absoluteExpiresAt: number | null;
  revoked: boolean;
}

export interface RefreshTokenRecord {
  token: string;
  chainId: string;
  expiresAt: number | null;
  usedAt: number | null;
}

export interface AccessTokenRecord {
  token: string;
  username: string;
  clientId: string;
  sessionId: string;
  chainId: string;
  expiresAt: number;
  revoked: boolean;
}

export interface TokenStore {
  sessions: Map<string, ApiSession>;
  chains: Map<string, RefreshChain>;
  refreshTokens: Map<string, RefreshTokenRecord>;
  accessTokens: Map<string, AccessTokenRecord>;
}

export function createTokenStore(): TokenStore {
  return { sessions: new Map(), chains: new Map(), refreshTokens: new Map(), accessTokens: new Map() };
}

export const opaqueToken = (): string => randomBytes(32).toString('hex').toUpperCase();

/** Closes sessions idle past the timeout, then returns those still open. */
export function openSessions(store: TokenStore, now: number, idleTimeoutMs: number | null): ApiSession[] {
  const open: ApiSession[] = [];
  for (const session of store.sessions.values()) {
    if (session.closedAt !== null) continue;
    if (idleTimeoutMs !== null && now - session.lastSeenAt >= idleTimeoutMs) {
      closeSession(store, session, session.lastSeenAt + idleTimeoutMs, 'idle-timeout');
      continue;
    }
    open.push(session);
  }
  return open;
}

export function closeSession(store: TokenStore, session: ApiSession, at: number, reason: string): void {
  if (session.closedAt !== null) return;
  session.closedAt = at;
  session.closeReason = reason;
}

export function revokeChain(store: TokenStore, chain: RefreshChain, at: number, reason: string): void {
  chain.revoked = true;
  for (const access of store.accessTokens.values()) if (access.chainId === chain.id) access.revoked = true;
  const session = store.sessions.get(chain.sessionId);
  if (session) closeSession(store, session, at, reason);
}

export function refreshExpiry(policy: RefreshPolicy, chain: RefreshChain, now: number): number | null {
  if (policy.mode === 'absolute') return chain.absoluteExpiresAt;
  const sliding = now + policy.slidingSeconds * 1000;
  return chain.absoluteExpiresAt === null ? sliding : Math.min(sliding, chain.absoluteExpiresAt);
}

export function chainAbsoluteExpiry(policy: RefreshPolicy, startedAt: number): number | null {
  if (policy.absoluteSeconds === null) return null;
  return startedAt + policy.absoluteSeconds * 1000;
}

export type BearerCheck =
  | { kind: 'ok'; token: AccessTokenRecord; session: ApiSession }
  | { kind: 'missing' }
  | { kind: 'invalid'; reason: 'unknown' | 'expired' | 'revoked' | 'session-closed' };

/** Validates an Authorization header and marks the session as used. */
export function checkBearer(store: TokenStore, header: string | undefined, now: number, idleTimeoutMs: number | null): BearerCheck {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return { kind: 'missing' };
  const token = store.accessTokens.get(match[1]);
  if (!token) return { kind: 'invalid', reason: 'unknown' };
  if (token.revoked) return { kind: 'invalid', reason: 'revoked' };
  if (now >= token.expiresAt) return { kind: 'invalid', reason: 'expired' };
  openSessions(store, now, idleTimeoutMs);
  const session = store.sessions.get(token.sessionId);
  if (!session || session.closedAt !== null) return { kind: 'invalid', reason: 'session-closed' };
  session.lastSeenAt = now;
  return { kind: 'ok', token, session };
}
