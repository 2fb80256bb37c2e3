// What the TokenManager tells the UI and the log. Timestamps are the injected clock's ms.
import type { AcumaticaError } from './errors.ts';

export type AuthState =
  | { kind: 'signed-out' }
  | {
      kind: 'connected';
      accessExpiresAt: number;
      /** Last successful refresh grant; null until the first one. */
      lastRefreshAt: number | null;
      /** When the current refresh token was issued; null without offline_access. */
      refreshTokenIssuedAt: number | null;
      /** When the password grant behind this connection was made. */
      grantIssuedAt: number;
    }
  | { kind: 'refreshing'; since: number }
  | { kind: 'retrying'; reason: string; nextAttemptAt: number; failures: number }
  | { kind: 'credentials-rejected'; description: string }
  | { kind: 'secret-rejected'; description: string };

export interface TokenEvent {
  level: 'info' | 'warn';
  event: 'password-grant' | 'refresh' | 'refresh-rejected' | 'interrupted-refresh' | 'signed-out' | 'logout-failed' | 'renew-failed';
  detail?: string;
}

export type VerifySecretResult = { ok: true } | { ok: false; error: AcumaticaError };
