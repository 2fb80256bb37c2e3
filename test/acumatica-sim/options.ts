// Options of startSimulator() and their defaults.
import type { LoginLimitForm } from './identity/login-limit.ts';
import type { RefreshPolicy } from './identity/token-store.ts';

export interface SimulatorOptions {
  /** Serve HTTPS with a certificate from a CA generated at start (sim.caPem). Default false. */
  https?: boolean;
  /** Default 0: a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** E.g. '/AcumaticaERP'. Default '' (the instance at the host root). */
  virtualDirectory?: string;
  /** Tenant in the client id '<GUID>@<Tenant>'. Default 'Company'. */
  tenant?: string;
  /** Seeds the data, the demo client id/secret, fault probabilities and live mode. Default 1. */
  seed?: number;
  /** Sales orders seeded at start. Default 200. */
  orders?: number;
  /** Base clock in ms. Default Date.now. sim.clock.advance() adds to it. */
  clock?: () => number;
  /** The server's UTC offset for rendered instants, in minutes. Default -300 (-05:00). */
  utcOffsetMinutes?: number;
  /** Default 3600. */
  accessTokenLifetimeSeconds?: number;
  /** Default { mode: 'absolute', absoluteSeconds: 30 days, reuse: 'revoke-chain' }. */
  refreshToken?: Partial<RefreshPolicy>;
  /** Licence's "Maximum Number of Web Services API Users". Default 2 (a trial licence). */
  maxApiSessions?: number;
  /** What a password grant gets past maxApiSessions. Default '429'. */
  loginLimit?: LoginLimitForm;
  /** API sessions close after this much inactivity (simulator clock). Default 1200; null = never. */
  sessionIdleTimeoutSeconds?: number | null;
  /** Send expires_in as a string. Default false. */
  expiresInAsString?: boolean;
  /** Polls of an action's Location that answer 202 before 204. Default 2; 0 = 204 at once. */
  actionPolls?: number;
}

export type ResolvedOptions = Required<Omit<SimulatorOptions, 'refreshToken'>> & { refreshToken: RefreshPolicy };

const DAY_SECONDS = 86_400;

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const mode = options.refreshToken?.mode ?? 'absolute';
  const vdir = (options.virtualDirectory ?? '').replace(/\/+$/, '');
  return {
    https: options.https ?? false,
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    virtualDirectory: vdir === '' || vdir.startsWith('/') ? vdir : `/${vdir}`,
    tenant: options.tenant ?? 'Company',
    seed: options.seed ?? 1,
    orders: options.orders ?? 200,
    clock: options.clock ?? Date.now,
    utcOffsetMinutes: options.utcOffsetMinutes ?? -300,
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3600,
    refreshToken: {
      mode,
      slidingSeconds: options.refreshToken?.slidingSeconds ?? 15 * DAY_SECONDS,
      absoluteSeconds:
        options.refreshToken?.absoluteSeconds !== undefined
          ? options.refreshToken.absoluteSeconds
          : mode === 'absolute'
            ? 30 * DAY_SECONDS
            : null,
      reuse: options.refreshToken?.reuse ?? 'revoke-chain',
    },
    maxApiSessions: options.maxApiSessions ?? 2,
    loginLimit: options.loginLimit ?? '429',
    sessionIdleTimeoutSeconds: options.sessionIdleTimeoutSeconds === undefined ? 1200 : options.sessionIdleTimeoutSeconds,
    expiresInAsString: options.expiresInAsString ?? false,
    actionPolls: options.actionPolls ?? 2,
  };
}
