// The Acumatica simulator's programmatic API. See README.md.
import { createAdmin, type SimAdmin } from './admin.ts';
import type { SimState } from './context.ts';
import { generateDatabase } from './data/generator.ts';
import { FaultInjector } from './http/faults.ts';
import type { RequestLogEntry } from './http/request-log.ts';
import { listen, type Listening } from './http/server.ts';
import { createAccounts, type DemoCredentials } from './identity/accounts.ts';
import { createTokenStore } from './identity/token-store.ts';
import { createInspect, type SimInspect } from './inspect.ts';
import { createLive, type SimLive } from './live.ts';
import { resolveOptions, type ResolvedOptions, type SimulatorOptions } from './options.ts';
import { createTls } from './tls.ts';
import { createClock, type SimClock } from './util/clock.ts';
import { createRng } from './util/rng.ts';

export interface Simulator {
  /** The instance URL a connector is configured with, virtual directory included, no trailing slash. */
  readonly baseUrl: string;
  readonly origin: string;
  readonly port: number;
  /** PEM of the throwaway CA, when https; pass it as an extra CA to trust the simulator. */
  readonly caPem: string | null;
  readonly credentials: DemoCredentials;
  readonly clock: SimClock;
  readonly options: ResolvedOptions;
  readonly inspect: SimInspect;
  readonly admin: SimAdmin;
  readonly faults: FaultInjector;
  readonly live: SimLive;
  /** Back to the state right after start: data regenerated from the seed (anchored at the
   *  clock's current time), secrets, users, sessions, tokens, logs, faults (and their random
   *  stream), live mode (stopped, stream rewound) and clock offset. */
  reset(): void;
  stop(): Promise<void>;
}

export async function startSimulator(input: SimulatorOptions = {}): Promise<Simulator> {
  const options = resolveOptions(input);
  const clock = createClock(options.clock);
  const rootRng = createRng(options.seed);
  const log: RequestLogEntry[] = [];
  let state = freshState(options, clock);
  let liveRng = rootRng.fork('live');
  let faultRng = rootRng.fork('faults');
  const faults = new FaultInjector(() => faultRng);
  const getState = (): SimState => state;

  const tls = options.https ? await createTls() : null;
  const listening: Listening = await listen({ state: getState, faults, log }, { port: options.port, host: options.host, tls });
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const origin = `${tls ? 'https' : 'http'}://${host}:${listening.port}`;
  const live = createLive(getState, () => liveRng);

  return {
    baseUrl: `${origin}${options.virtualDirectory}`,
    origin,
    port: listening.port,
    caPem: tls?.caPem ?? null,
    get credentials() {
      return demoCredentials(state);
    },
    clock,
    options,
    inspect: createInspect(getState, () => log, () => log.splice(0)),
    admin: createAdmin(getState),
    faults,
    live,
    reset: () => {
      live.stop();
      faults.clear();
      log.splice(0);
      clock.resetOffset();
      state = freshState(options, clock);
      liveRng = rootRng.fork('live');
      faultRng = rootRng.fork('faults');
    },
    stop: async () => {
      live.stop();
      await listening.close();
    },
  };
}

function freshState(options: ResolvedOptions, clock: SimClock): SimState {
  const rng = createRng(options.seed);
  const { accounts } = createAccounts(rng.fork('accounts'), options.tenant);
  return {
    db: generateDatabase({ seed: options.seed, orders: options.orders, anchorMs: clock.now() }),
    accounts,
    tokens: createTokenStore(),
    clock,
    grants: [],
    settings: {
      virtualDirectory: options.virtualDirectory,
      utcOffsetMinutes: options.utcOffsetMinutes,
      actionPolls: options.actionPolls,
      accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds,
      refresh: { ...options.refreshToken },
      maxApiSessions: options.maxApiSessions,
      loginLimitForm: options.loginLimit,
      sessionIdleTimeoutSeconds: options.sessionIdleTimeoutSeconds,
      expiresInAsString: options.expiresInAsString,
    },
    rng: rng.fork('runtime'),
    operations: new Map(),
  };
}

// The demo credentials are the first client's first secret and the first user, as created.
function demoCredentials(state: SimState): DemoCredentials {
  const client = [...state.accounts.clients.values()][0];
  const user = [...state.accounts.users.values()][0];
  return {
    clientId: client?.clientId ?? '',
    clientSecret: client?.secrets.find((s) => s.id === 'secret-1')?.value ?? '',
    username: user?.username ?? '',
    password: user?.password ?? '',
  };
}

export type { SimulatorOptions, ResolvedOptions } from './options.ts';
export type { SimAdmin, OrderInput, ShipmentInput, Patch } from './admin.ts';
export type { SimInspect } from './inspect.ts';
export type { SimLive, LiveTickResult } from './live.ts';
export type { FaultKind, FaultOptions, FaultHandle, ListPageInfo, PathMatcher } from './http/faults.ts';
export { FaultInjector } from './http/faults.ts';
export type { RequestLogEntry, RequestMatch } from './http/request-log.ts';
export type { GrantLogEntry, GrantOutcome } from './identity/token-endpoint.ts';
export type { ApiSession, RefreshPolicy } from './identity/token-store.ts';
export type { DemoCredentials, Rights, Right } from './identity/accounts.ts';
export type { LoginLimitForm } from './identity/login-limit.ts';
export type { SimClock } from './util/clock.ts';
export { formatTimestamp } from './util/clock.ts';
export type * from './data/model.ts';
export { ENDPOINT_VERSIONS } from './rest/schema.ts';
