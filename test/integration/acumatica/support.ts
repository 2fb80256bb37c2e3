// Starts the simulator and a connection to it that share one fake clock: token expiry, sliding
// windows and backoff sleeps move both at once, while requests go over real HTTP(S).
import { createAcumaticaConnection, type AcumaticaConnection, type AcumaticaConnectionOptions } from '../../../main/acumatica/connection.ts';
import type { UserCredentials } from '../../../main/acumatica/token-endpoint.ts';
import type { TokenEvent } from '../../../main/acumatica/token-manager.ts';
import { memoryTokenStore, type StoredGrant, type TokenStore } from '../../../main/acumatica/token-store.ts';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../acumatica-sim/index.ts';
import { fakeClock, type FakeClock } from '../../unit/acumatica/support/fake-clock.ts';

/** Never route the simulator through a proxy from the environment. */
export const NO_PROXY = { httpProxy: '', httpsProxy: '', noProxy: '' };

export interface Harness {
  sim: Simulator;
  clock: FakeClock;
  store: TokenStore & { current: StoredGrant | null };
  conn: AcumaticaConnection;
  events: TokenEvent[];
  /** What the credentials provider returns; tests change it to simulate the operator's edits. */
  creds: UserCredentials;
  /** A second connection to the same simulator and clock (a restart, or another installation). */
  connect(overrides?: Partial<AcumaticaConnectionOptions>): AcumaticaConnection;
  close(): Promise<void>;
}

export async function startHarness(
  simOptions: SimulatorOptions = {},
  connOptions: Partial<AcumaticaConnectionOptions> = {},
): Promise<Harness> {
  const clock = fakeClock(Date.now());
  const sim = await startSimulator({ clock: () => clock.now(), ...simOptions });
  const store = memoryTokenStore();
  const events: TokenEvent[] = [];
  const creds: UserCredentials = { ...sim.credentials };
  const connections: AcumaticaConnection[] = [];
  const connect = (overrides: Partial<AcumaticaConnectionOptions> = {}): AcumaticaConnection => {
    const conn = createAcumaticaConnection({
      instanceUrl: sim.baseUrl,
      extraCaPem: sim.caPem ?? undefined,
      credentials: async () => ({ ...creds }),
      store,
      clock,
      random: () => 0.5,
      proxy: NO_PROXY,
      requestsPerMinute: 100_000,
      onTokenEvent: (event) => events.push(event),
      ...connOptions,
      ...overrides,
    });
    connections.push(conn);
    return conn;
  };
  const conn = connect();
  return {
    sim,
    clock,
    store,
    conn,
    events,
    creds,
    connect,
    close: async () => {
      await Promise.all(connections.map((c) => c.http.close().catch(() => undefined)));
      await sim.stop();
    },
  };
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
