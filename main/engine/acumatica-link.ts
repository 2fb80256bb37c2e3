// The engine's one live connection to Acumatica, built from the saved settings and the vault's
// secrets, and rebuilt when a setting that shapes it changes. Credentials are read from the vault
// at each grant and never kept in memory longer than that.
import { createAcumaticaConnection, type AcumaticaConnection, type AcumaticaConnectionOptions } from '../acumatica/connection.ts';
import { AcumaticaError } from '../acumatica/errors.ts';
import type { EndpointMemory } from '../acumatica/rest-client.ts';
import type { TokenEvent } from '../acumatica/token-manager.ts';
import { memoryTokenStore, tokenStoreFromVault } from '../acumatica/token-store.ts';
import type { Redactor } from '../log/index.ts';
import type { Vault } from '../vault/index.ts';
import type { Settings } from '../../preload/api.ts';
import { checkSecretsBelongTo, type IdentityKey } from './sign-in-identity.ts';

/** The settings a connection is built from; changing any of them means a new connection. */
export const CONNECTION_KEYS = ['instanceUrl', 'clientId', 'username', 'caFile', 'endpointVersion', 'requestsPerMinute'] as const;

export type ConnectionOverrides = Partial<Omit<AcumaticaConnectionOptions, 'instanceUrl' | 'credentials' | 'store'>>;

export interface LinkOptions {
  vault: Vault;
  redactor: Redactor;
  overrides?: ConnectionOverrides;
  /** Keeps the discovered endpoint of an instance between runs (see EndpointMemory). */
  endpointMemory?(instanceUrl: string): EndpointMemory;
  onTokenEvent(event: TokenEvent): void;
  /** Why the stored password must not be sent again (see TokenManagerOptions); not for a test. */
  passwordRefused?(): string | null;
  /** The sign-in as saved now, which another process may have changed (see checkSecretsBelongTo). */
  savedSignIn?(): Pick<Settings, IdentityKey>;
}

export function connectionFingerprint(settings: Settings): string {
  return JSON.stringify(CONNECTION_KEYS.map((key) => settings[key]));
}

/** Build a connection for these settings; `secrets` overrides the vault (testing a form's values). */
export function buildConnection(settings: Settings, options: LinkOptions, secrets?: { clientSecret?: string; password?: string }, ephemeral = false): AcumaticaConnection {
  const { vault, redactor } = options;
  // A connection made only to test a form's values keeps its grant in memory and is signed out
  // at once: it must not replace the running connection's refresh token.
  const store = ephemeral ? memoryTokenStore() : tokenStoreFromVault(vault);
  // Known secret values are scrubbed from every log line and stored message from the moment they
  // are known. Each under a name (a slot) that keeps only its two latest values (the one in use
  // and the one before it, which a request sent just before a rotation may still be answering):
  // a token older than that has expired, and one access token an hour for months would otherwise
  // grow the list without end. A throwaway connection's values go under names of their own, so
  // testing a form's values a few times does not push the running connection's out.
  const learn = (name: string, value: string): void => redactor.registerSecretValue(value, ephemeral ? `${name} (connection test)` : name);
  return createAcumaticaConnection({
    ...options.overrides,
    instanceUrl: settings.instanceUrl,
    extraCaFile: settings.caFile ?? undefined,
    endpointVersion: settings.endpointVersion === 'auto' ? null : settings.endpointVersion,
    requestsPerMinute: settings.requestsPerMinute,
    endpointMemory: options.endpointMemory?.(settings.instanceUrl),
    store,
    onTokenEvent: options.onTokenEvent,
    onSecret: learn,
    ...(ephemeral || !options.passwordRefused ? {} : { passwordRefused: options.passwordRefused }),
    credentials: async () => {
      // A throwaway test connection brings its own secrets, typed for the values it tests.
      if (!secrets) await checkSecretsBelongTo(vault, settings, options.savedSignIn);
      const clientSecret = secrets?.clientSecret ?? (await vault.get('clientSecret'));
      const password = secrets?.password ?? (await vault.get('password'));
      if (!clientSecret || !password) {
        throw new AcumaticaError({
          kind: 'configuration',
          retryable: false,
          message: `The ${!clientSecret ? 'Client Secret' : 'Password'} is not stored. Enter it in Setup (or run "connector setup").`,
        });
      }
      learn('clientSecret', clientSecret);
      learn('password', password);
      return { clientId: settings.clientId, clientSecret, username: settings.username, password };
    },
  });
}

/** Holds the one live connection, rebuilding it only when a setting that shapes it changes. */
export class AcumaticaLink {
  readonly #options: LinkOptions;
  readonly #onStateChange: () => void;
  #current: AcumaticaConnection | null = null;
  #fingerprint = '';

  constructor(options: LinkOptions, onStateChange: () => void) {
    this.#options = options;
    this.#onStateChange = onStateChange;
  }

  get current(): AcumaticaConnection | null {
    return this.#current;
  }

  for(settings: Settings): AcumaticaConnection {
    const fingerprint = connectionFingerprint(settings);
    if (this.#current && fingerprint === this.#fingerprint) return this.#current;
    void this.#current?.close();
    this.#current = buildConnection(settings, this.#options);
    this.#fingerprint = fingerprint;
    this.#current.tokens.onStateChange(this.#onStateChange);
    return this.#current;
  }

  /** A throwaway connection for testing values that are not (yet) the saved ones. */
  throwaway(settings: Settings, secrets: { clientSecret?: string; password?: string }): AcumaticaConnection {
    return buildConnection(settings, this.#options, secrets, true);
  }

  /** Forget the current grant (its identity changed), signing its session out first if asked. */
  async discard(signOut: boolean): Promise<void> {
    const connection = this.#current;
    this.#current = null;
    if (!connection) return;
    if (signOut) await connection.tokens.signOut().catch(() => undefined);
    await connection.close();
  }

  async close(): Promise<void> {
    await this.#current?.close();
    this.#current = null;
  }
}
