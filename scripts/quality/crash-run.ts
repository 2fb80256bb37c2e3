// Crash recovery: the headless service is killed with SIGKILL at seeded random moments spread over
// the backfill, the delivery to a slow webhook and the tracking writeback, and restarted each time.
// The end state must be exact: ledger = simulator under the filter, every current order version
// accepted by the receiver (duplicates deduped, nothing rejected), every tracking number on its
// shipment once. Shared by `npm run crash` and the fast vitest version.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHeadlessEngine } from '../../main/engine/open-headless.ts';
import { startSimulator, type Simulator } from '../../test/acumatica-sim/index.ts';
import { createRng } from '../../test/acumatica-sim/util/rng.ts';
import { runCli } from '../../test/support/run-cli.ts';
import { checkEndState, type QueuedTracking } from './end-state.ts';
import { readLedger } from './ledger-probe.ts';
import { startService } from './service-process.ts';
import { startWebhookSink } from './webhook-sink.ts';

export interface CrashOptions {
  kills: number;
  seed: number;
  orders: number;
  /** Tracking numbers queued before each tracking-phase restart. */
  trackingPerRound: number;
  progress?: (line: string) => void;
}

export interface CrashResult {
  lines: string[];
  failures: string[];
  /** What the ledger showed was in progress at each kill. */
  killedDuring: Record<'backfill' | 'delivery' | 'tracking' | 'idle', number>;
}

const ORDER_TYPES = ['SO', 'RC'];
const STATUSES = 'Open,On Hold,Back Order,Completed,Cancelled';
const PHASES = ['backfill', 'delivery', 'tracking'] as const;

export async function runCrashRecovery(options: CrashOptions): Promise<CrashResult> {
  const rng = createRng(options.seed);
  const started = performance.now();
  const sim = await startSimulator({ orders: options.orders, seed: options.seed, maxApiSessions: 50 });
  const secrets = { apiKey: `crash-api-key-${options.seed}-5d1c`, signingSecret: `crash-signing-secret-${options.seed}-e9a2` };
  const sink = await startWebhookSink({ ...secrets, random: rng.fork('sink').next });
  const dataDir = mkdtempSync(join(tmpdir(), 'ds-crash-'));
  const env = { DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 5).toString('base64') };
  const ledgerPath = join(dataDir, 'ledger.sqlite');
  const killedDuring: CrashResult['killedDuring'] = { backfill: 0, delivery: 0, tracking: 0, idle: 0 };
  const tracking: QueuedTracking[] = [];
  const failures: string[] = [];
  try {
    await setUp(sim, env, sink.url, secrets);
    const expectedOrders = sim.inspect.orders().filter((o) => ORDER_TYPES.includes(o.orderType)).length;
    // Slow list pages and a slow receiver stretch each phase over seconds, so a kill lands inside it.
    sim.faults.latency(150, { method: 'GET', path: /\/SalesOrder$/, times: Infinity });
    sim.faults.latency(250, { method: 'PUT', path: /\/Shipment$/, times: Infinity });
    sink.misbehave({ delayMs: 25 });

    for (let kill = 0; kill < options.kills; kill++) {
      const phase = PHASES[Math.min(PHASES.length - 1, Math.floor((kill / options.kills) * PHASES.length))]!;
      if (phase === 'tracking') {
        const csv = queueTracking(sim, tracking, options.trackingPerRound, dataDir);
        const result = await runCli(['tracking', 'import', csv], env);
        if (result.code !== 0) throw new Error(`tracking import failed: ${result.stderr}`);
      }
      const service = await startService(env);
      if (phase === 'delivery') await waitFor(() => readLedger(ledgerPath).orders.size >= expectedOrders, 30_000);
      await sleep(phase === 'tracking' ? rng.int(150, 1_800) : rng.int(200, 2_500));
      const before = readLedger(ledgerPath);
      await service.kill9();
      // A cycle imports, then posts tracking, then delivers: the first unfinished step is where it was.
      const during = before.orders.size < expectedOrders ? 'backfill' : before.tracking.queued > 0 ? 'tracking' : before.outbox.pending > 0 ? 'delivery' : 'idle';
      killedDuring[during] += 1;
      options.progress?.(`kill ${kill + 1}/${options.kills} (${phase} round): killed during ${during}; ledger ${before.orders.size}/${expectedOrders} orders, outbox pending ${before.outbox.pending}, tracking queued ${before.tracking.queued}`);
    }

    // The last start runs to completion, asked to sync until nothing is left, then stops cleanly.
    const service = await startService(env);
    const drained = await waitFor(async () => {
      const ledger = readLedger(ledgerPath);
      if (ledger.orders.size >= expectedOrders && ledger.outbox.pending === 0 && ledger.tracking.queued === 0) return true;
      await service.call('syncNow');
      return false;
    }, 90_000, 500);
    if (!drained) failures.push('the service did not drain within 90 s after the last restart');
    const code = await service.stop();
    if (code !== 0) failures.push(`the service exited ${code} on SIGTERM: ${service.output().stderr.slice(-500)}`);

    const endState = checkEndState({ sim, orderTypes: ORDER_TYPES, ledger: readLedger(ledgerPath), sink, tracking });
    failures.push(...endState.failures);
    const lines = [
      `crash recovery: seed ${options.seed}, ${options.kills} SIGKILLs (killed during backfill ${killedDuring.backfill}, delivery ${killedDuring.delivery}, tracking ${killedDuring.tracking}, idle ${killedDuring.idle}), ${((performance.now() - started) / 1000).toFixed(0)} s`,
      `simulator: ${sim.inspect.openSessions().length} API sessions open at the end, ${sim.inspect.grants('password').length} password grants, ${sim.inspect.grants('refresh').length} refresh grants`,
      ...endState.lines,
    ];
    return { lines, failures, killedDuring };
  } finally {
    await sink.close();
    await sim.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function setUp(sim: Simulator, env: Record<string, string>, webhookUrl: string, secrets: { apiKey: string; signingSecret: string }): Promise<void> {
  const { clientId, clientSecret, username, password } = sim.credentials;
  const setup = await runCli(['setup', '--instance-url', sim.baseUrl, '--client-id', clientId, '--username', username], { ...env, DROPSTREAM_CLIENT_SECRET: clientSecret, DROPSTREAM_PASSWORD: password });
  if (setup.code !== 0) throw new Error(`setup failed: ${setup.stderr}`);
  const keys = await runCli(['deliveries', 'set-webhook-secrets'], { ...env, DROPSTREAM_WEBHOOK_API_KEY: secrets.apiKey, DROPSTREAM_WEBHOOK_SIGNING_SECRET: secrets.signingSecret });
  if (keys.code !== 0) throw new Error(`set-webhook-secrets failed: ${keys.stderr}`);
  // The remaining settings in one engine open rather than a CLI process per key (the CLI's
  // `config set` is covered by its own tests); nothing is running yet.
  const engine = await openHeadlessEngine({ dataDir: env.DROPSTREAM_DATA_DIR!, env, logName: 'cli' });
  try {
    engine.connector.applySettings({
      orderTypes: ORDER_TYPES,
      orderStatuses: STATUSES.split(','),
      firstRunDays: 31,
      pageSize: 20,
      requestsPerMinute: 10_000,
      defaultBoxId: 'SMALL',
      destinations: { webhook: { url: webhookUrl, timeoutSeconds: 30 }, folder: null },
    });
  } finally {
    await engine.close();
  }
}

/** Picks open shipments no number went to yet (making some when none is left) and writes the round's CSV. */
function queueTracking(sim: Simulator, tracking: QueuedTracking[], count: number, dataDir: string): string {
  const used = new Set(tracking.map((item) => item.shipmentNbr));
  const rows = ['ShipmentNbr,TrackingNbr,Carrier,BoxID'];
  for (let i = 0; i < count; i++) {
    let shipment = sim.inspect.shipments().find((s) => s.status === 'Open' && !used.has(s.shipmentNbr));
    if (!shipment) {
      const order = sim.inspect.orders().find((o) => o.orderType === 'SO' && o.status === 'Open');
      if (!order) break;
      shipment = sim.admin.createShipment({ orders: [{ orderType: order.orderType, orderNbr: order.orderNbr }] });
    }
    used.add(shipment.shipmentNbr);
    const item = { shipmentNbr: shipment.shipmentNbr, trackingNbr: `1ZCRASH${String(tracking.length + 1).padStart(5, '0')}` };
    tracking.push(item);
    rows.push(`${item.shipmentNbr},${item.trackingNbr},UPS,SMALL`);
  }
  const csv = join(dataDir, 'tracking-round.csv');
  writeFileSync(csv, `${rows.join('\n')}\n`);
  return csv;
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(everyMs);
  }
  return false;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
