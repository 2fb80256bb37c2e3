// `npm run demo`: a simulated Acumatica instance that keeps creating and changing orders, and the
// connector set up against it and running as the headless service (Electron's runtime cannot be
// downloaded on every machine; the service serves the same UI). Ctrl-C stops both.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { main } from '../main/headless/cli.ts';
import { startSimulator } from '../test/acumatica-sim/index.ts';

// The demo's own folder, emptied at every start: never DROPSTREAM_DATA_DIR, which names the real
// connector's data on a machine that runs one.
const dataDir = resolve('.data/demo');
const intervalMs = Number(process.env.DEMO_INTERVAL_MS ?? 3_000);

// A fresh demo each time: the simulator's data is new too.
rmSync(dataDir, { recursive: true, force: true });
const sim = await startSimulator({ orders: 400, virtualDirectory: '/AcumaticaERP' });
sim.live.start({ intervalMs });

const io = {
  terminal: { input: process.stdin, output: process.stderr },
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
  // A throwaway service against a simulator: its address is printed whole, wherever the output goes.
  outIsTerminal: true,
};
const demoEnv = { ...process.env, DROPSTREAM_CLIENT_SECRET: sim.credentials.clientSecret, DROPSTREAM_PASSWORD: sim.credentials.password };

console.log(`Simulated Acumatica at ${sim.baseUrl} (a new order every ${intervalMs / 1000} s).`);
const setupCode = await main(
  ['--data-dir', dataDir, 'setup', '--instance-url', sim.baseUrl, '--client-id', sim.credentials.clientId, '--username', sim.credentials.username, '--secret-expires-on', futureDate(60)],
  { ...io, env: demoEnv },
);
if (setupCode !== 0) {
  await sim.stop();
  process.exit(setupCode);
}
await main(['--data-dir', dataDir, 'config', 'set', 'pollIntervalSeconds', '15'], { ...io, env: process.env });
// `run` returns after Ctrl-C, once the service has stopped cleanly.
const code = await main(['--data-dir', dataDir, 'run', ...(process.env.DEMO_PORT ? ['--port', process.env.DEMO_PORT] : [])], { ...io, env: process.env });
sim.live.stop();
await sim.stop();
process.exit(code);

function futureDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
