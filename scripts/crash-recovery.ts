// `npm run crash [-- --kills N] [--seed N] [--orders N]`: kill -9 the headless service at seeded
// random moments over backfill, webhook delivery and tracking writeback, restarting each time,
// then check the end state is exact. Prints figures; exits 1 if an invariant fails.
import { parseArgs } from 'node:util';
import { runCrashRecovery } from './quality/crash-run.ts';

const { values } = parseArgs({ options: { kills: { type: 'string', default: '20' }, seed: { type: 'string', default: '7' }, orders: { type: 'string', default: '1000' } } });
const result = await runCrashRecovery({
  kills: Number(values.kills),
  seed: Number(values.seed),
  orders: Number(values.orders),
  trackingPerRound: 4,
  progress: (line) => process.stderr.write(`${line}\n`),
});
console.log([...result.lines, result.failures.length === 0 ? 'crash recovery: all invariants hold' : `crash recovery: FAILED\n  ${result.failures.join('\n  ')}`].join('\n'));
process.exitCode = result.failures.length === 0 ? 0 : 1;
