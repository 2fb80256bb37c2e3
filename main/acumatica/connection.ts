// Wires one connection to one Acumatica instance: one HTTP client (one keep-alive dispatcher, one
// request budget), one TokenManager (one API session), one REST client. The sync engine holds one
// of these per configured instance.
import { systemClock, systemRandom, type Clock, type Random } from './clock.ts';
import { AcumaticaEntities } from './entities.ts';
import { HttpClient, type HttpClientOptions } from './http-client.ts';
import { runPreflight, type PreflightResult } from './preflight.ts';
import { RequestBudget } from './request-budget.ts';
import { AcumaticaRestClient, type RestClientOptions } from './rest-client.ts';
import type { UserCredentials } from './token-endpoint.ts';
import { TokenManager, type TokenManagerOptions } from './token-manager.ts';
import type { TokenStore } from './token-store.ts';

export interface AcumaticaConnectionOptions extends Pick<HttpClientOptions, 'instanceUrl' | 'extraCaPem' | 'extraCaFile' | 'timeouts' | 'proxy' | 'maxConnections' | 'maxResponseBytes'> {
  credentials: () => Promise<UserCredentials>;
  store: TokenStore;
  /** Self-imposed requests per minute; see request-budget.ts for the default. */
  requestsPerMinute?: number;
  endpointVersion?: string | null;
  clock?: Clock;
  random?: Random;
  retry?: RestClientOptions['retry'];
  actionPoll?: RestClientOptions['actionPoll'];
  endpointMemory?: RestClientOptions['endpointMemory'];
  tokenBackoff?: TokenManagerOptions['backoff'];
  onTokenEvent?: TokenManagerOptions['onEvent'];
  passwordRefused?: TokenManagerOptions['passwordRefused'];
  onSecret?: TokenManagerOptions['onSecret'];
}

export interface AcumaticaConnection {
  http: HttpClient;
  budget: RequestBudget;
  tokens: TokenManager;
  client: AcumaticaRestClient;
  entities: AcumaticaEntities;
  preflight(): Promise<PreflightResult>;
  /** Closes the dispatcher; a grant without a refresh token is signed out first. */
  close(): Promise<void>;
}

export function createAcumaticaConnection(options: AcumaticaConnectionOptions): AcumaticaConnection {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const budget = new RequestBudget({ clock, requestsPerMinute: options.requestsPerMinute });
  const http = new HttpClient({ ...options, budget });
  const tokens = new TokenManager({
    http,
    credentials: options.credentials,
    store: options.store,
    clock,
    random,
    backoff: options.tokenBackoff,
    onEvent: options.onTokenEvent,
    passwordRefused: options.passwordRefused,
    onSecret: options.onSecret,
  });
  const client = new AcumaticaRestClient({
    http,
    tokens,
    endpointVersion: options.endpointVersion,
    clock,
    random,
    retry: options.retry,
    actionPoll: options.actionPoll,
    endpointMemory: options.endpointMemory,
  });
  return {
    http,
    budget,
    tokens,
    client,
    entities: new AcumaticaEntities(client),
    preflight: () => runPreflight({ client, tokens }),
    async close() {
      await tokens.shutdown();
      await http.close();
    },
  };
}
