// The connector side of the backfill benchmark, in its own process so its peak RSS is its own:
// set up against the simulator, one backfill cycle, one idle cycle; prints one JSON line.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHeadlessEngine } from '../../main/engine/open-headless.ts';
import { saveSetup } from '../../main/engine/setup-actions.ts';
import { SetupInput } from '../../preload/api.ts';
import { ownPeakRssKb } from '../quality/peak-rss.ts';

if (process.env.BENCH_IDLE) {
  // The baseline: every module above loaded, nothing run.
  process.stdout.write(`${JSON.stringify({ maxRssKb: ownPeakRssKb() })}\n`);
  process.exit(0);
}

const input = JSON.parse(process.env.BENCH_INPUT ?? '{}') as { instanceUrl: string; clientId: string; clientSecret: string; username: string; password: string; pageSize: number };
const dataDir = mkdtempSync(join(tmpdir(), 'ds-bench-'));
const engine = await openHeadlessEngine({ dataDir, env: { DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 1).toString('base64') }, logName: 'bench' });
const { connector } = engine;
// Saved as the setup form saves: after a passing connection test (whose endpoint discovery the
// backfill then reuses, as a real first run does).
const { pageSize: _pageSize, ...connection } = input;
await saveSetup(connector, SetupInput.parse({ ...connection, orderTypes: ['SO', 'QT', 'RC'], orderStatuses: ['Open', 'On Hold', 'Back Order', 'Completed', 'Cancelled'] }), false);
connector.applySettings({ firstRunDays: 31, requestsPerMinute: 10_000, pageSize: input.pageSize });

const samples: string[] = [];
const sampler = process.env.BENCH_DEBUG ? setInterval(() => { const m = process.memoryUsage(); samples.push([m.rss, m.heapUsed, m.heapTotal, m.external].map((n) => (n / 1e6).toFixed(0)).join('/')); }, 200) : null;
const started = performance.now();
const cpuBefore = process.cpuUsage();
const mainCpuBefore = process.threadCpuUsage();
// Wall-clock bounds, so the parent can pick the backfill's requests out of the simulator's log.
const window = { from: Date.now(), to: 0 };
const backfill = await connector.syncOnce();
window.to = Date.now();
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const mainCpu = process.threadCpuUsage(mainCpuBefore);
// What the process still holds once the backfill is done (the 100,000-order run prints it).
const rssAfterBackfillKb = Math.round(process.memoryUsage().rss / 1024);
const idle = await connector.syncOnce();
if (sampler) { clearInterval(sampler); console.error(`rss/heapUsed/heapTotal/external MB every 200 ms: ${samples.join(' ')}`); }
const ledgerPath = connector.ledger.path;
await engine.close();
const dbBytes = statSync(ledgerPath).size;
rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ window, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, mainThreadCpuMs: (mainCpu.user + mainCpu.system) / 1000, backfill, idle, maxRssKb: ownPeakRssKb(), rssAfterBackfillKb, dbBytes })}\n`);
