// The second backfill of `npm run bench`: 100,000 orders (same scope as the 20,000 run: every type
// and status, first run 31 days) in its own child, for the peak RSS, the RSS once the backfill is
// done and the ledger's size. Figures only.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startSimulator } from '../../test/acumatica-sim/index.ts';

const runChild = promisify(execFile);

export async function rssAfter100k(options: { child: string; nodeOptions: string[]; pageSize: number; orders?: number }): Promise<string[]> {
  const orders = options.orders ?? 100_000;
  const sim = await startSimulator({ orders, seed: 7, maxApiSessions: 10 });
  try {
    const input = { instanceUrl: sim.baseUrl, ...sim.credentials, pageSize: options.pageSize };
    const { stdout, stderr } = await runChild(process.execPath, [...options.nodeOptions, options.child], { env: { ...process.env, BENCH_INPUT: JSON.stringify(input) }, maxBuffer: 16 * 1024 * 1024 });
    if (stderr) process.stderr.write(stderr);
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      wallMs: number;
      backfill: { orders: { imported: number } };
      maxRssKb: number;
      rssAfterBackfillKb: number;
      dbBytes: number;
    };
    const mb = (kb: number) => (kb / 1024).toFixed(1);
    return [
      `100k: orders backfilled:     ${result.backfill.orders.imported} (simulator holds ${orders}) in ${(result.wallMs / 1000).toFixed(2)} s`,
      `100k: peak RSS (connector):  ${mb(result.maxRssKb)} MB`,
      `100k: RSS after backfill:    ${mb(result.rssAfterBackfillKb)} MB`,
      `100k: ledger size:           ${(result.dbBytes / 1024 / 1024).toFixed(1)} MB (${Math.round(result.dbBytes / (result.backfill.orders.imported / 1000))} bytes / 1,000 orders)`,
    ];
  } finally {
    await sim.stop();
  }
}
