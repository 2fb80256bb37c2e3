// `npm run sim`: the simulator alone, for trying the connector or curl against it.
//   node test/acumatica-sim/cli.ts [--port N] [--https] [--virtual-dir /AcumaticaERP] [--orders N]
//                                  [--live [intervalMs]] [--seed N]
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startSimulator } from './index.ts';

const USAGE = 'usage: npm run sim -- [--port N] [--https] [--virtual-dir /AcumaticaERP] [--orders N] [--live [intervalMs]] [--seed N]';

/** A mistyped flag is named with the usage (exit 2), not thrown as a stack trace. */
function refuse(message: string): never {
  console.error(`sim: ${message}\n${USAGE}`);
  process.exit(2);
}

function wholeNumber(flag: string, text: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) > max) refuse(`--${flag} wants a whole number from 0 to ${max}, got "${text}".`);
  return Number(text);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      https: { type: 'boolean', default: false },
      'virtual-dir': { type: 'string', default: '' },
      orders: { type: 'string', default: '500' },
      live: { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
} catch (error) {
  refuse(error instanceof Error ? error.message : String(error));
}
const { values } = parsed;

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

// --live takes an optional interval: `--live 500`.
const liveIndex = process.argv.indexOf('--live');
const liveArg = liveIndex >= 0 ? process.argv[liveIndex + 1] : undefined;
const liveInterval = liveArg && /^\d+$/.test(liveArg) ? Number(liveArg) : 2000;

const sim = await startSimulator({
  port: wholeNumber('port', values.port, 65535),
  https: values.https,
  virtualDirectory: values['virtual-dir'],
  orders: wholeNumber('orders', values.orders, 1_000_000),
  seed: wholeNumber('seed', values.seed, 2 ** 31 - 1),
});
if (values.live) sim.live.start({ intervalMs: liveInterval });

let caFlag = '';
let caFile: string | null = null;
if (sim.caPem) {
  caFile = join(tmpdir(), `acumatica-sim-ca-${sim.port}.pem`);
  writeFileSync(caFile, sim.caPem);
  caFlag = ` --cacert ${caFile}`;
  console.log(`CA certificate:  ${caFile}`);
}
const { clientId, clientSecret, username, password } = sim.credentials;
console.log(`Acumatica simulator listening at ${sim.baseUrl}`);
console.log(`  client id:     ${clientId}`);
console.log(`  client secret: ${clientSecret}`);
console.log(`  username:      ${username}`);
console.log(`  password:      ${password}`);
console.log(`  orders:        ${sim.inspect.orders().length}${values.live ? `, live mode every ${liveInterval} ms` : ''}`);
console.log('');
console.log('Get a token:');
console.log(
  `  curl -s${caFlag} ${sim.baseUrl}/identity/connect/token -d grant_type=password --data-urlencode 'client_id=${clientId}' ` +
    `--data-urlencode 'client_secret=${clientSecret}' -d username=${username} --data-urlencode 'password=${password}' --data-urlencode 'scope=api offline_access'`,
);
console.log('List orders (put the access_token in TOKEN):');
console.log(
  `  curl -s${caFlag} -G -H "Authorization: Bearer $TOKEN" ${sim.baseUrl}/entity/Default/24.200.001/SalesOrder ` +
    `--data-urlencode '$top=5' --data-urlencode '$expand=Details' --data-urlencode "\\$filter=LastModified gt datetimeoffset'2020-01-01T00:00:00.000+00:00'"`,
);

const shutdown = (): void => {
  if (caFile) rmSync(caFile, { force: true });
  void sim.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
