// Where the refresh token lives between runs. The token manager sees only this interface; the
// engine wires it to the vault (main/vault/, `get/set/delete(name)`) with tokenStoreFromVault().
import { z } from 'zod';

export interface StoredGrant {
  refreshToken: string;
  /** When this refresh token was issued (local clock, ms). */
  refreshTokenIssuedAt: number;
  /** When the password grant that started this chain was made (local clock, ms). */
  grantIssuedAt: number;
  /**
   * Set (and persisted) just before this token is sent in a refresh grant, cleared when its
   * successor is persisted. Still set after a restart means the process died mid-refresh: the
   * server may already have rotated the token, so it must never be sent again.
   */
  refreshStartedAt: number | null;
}

export interface TokenStore {
  load(): Promise<StoredGrant | null>;
  save(grant: StoredGrant): Promise<void>;
  clear(): Promise<void>;
}

export const StoredGrantSchema = z.object({
  refreshToken: z.string().min(1),
  refreshTokenIssuedAt: z.number(),
  grantIssuedAt: z.number(),
  refreshStartedAt: z.number().nullable(),
});

/** The vault's interface, as far as the token store needs it (sync or async). */
export interface SecretVault {
  get(name: string): Promise<string | null | undefined> | string | null | undefined;
  set(name: string, value: string): Promise<void> | void;
  delete(name: string): Promise<void> | void;
}

export const REFRESH_TOKEN_SECRET = 'refreshToken';

/**
 * Keeps the grant as one JSON value under `refreshToken`, so the token and its write-ahead marker
 * change in a single vault write. A value that does not parse is treated as absent: the manager
 * then signs in with the password grant rather than guessing.
 */
export function tokenStoreFromVault(vault: SecretVault, name = REFRESH_TOKEN_SECRET): TokenStore {
  return {
    async load() {
      const raw = await vault.get(name);
      if (!raw) return null;
      try {
        const parsed = StoredGrantSchema.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    async save(grant) {
      await vault.set(name, JSON.stringify(grant));
    },
    async clear() {
      await vault.delete(name);
    },
  };
}

/** An in-memory store, for tests and for a connector that must not persist anything. */
export function memoryTokenStore(initial: StoredGrant | null = null): TokenStore & { current: StoredGrant | null } {
  const store = {
    current: initial,
    async load() {
      return store.current ? { ...store.current } : null;
    },
    async save(grant: StoredGrant) {
      store.current = { ...grant };
    },
    async clear() {
      store.current = null;
    },
  };
  return store;
}
