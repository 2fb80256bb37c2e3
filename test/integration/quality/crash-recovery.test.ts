// The fast version of `npm run crash`: five SIGKILLs of the real service over backfill, delivery
// and tracking writeback, then an exact end state (see scripts/quality/crash-run.ts).
import { describe, expect, it } from 'vitest';
import { runCrashRecovery } from '../../../scripts/quality/crash-run.ts';

describe('crash recovery of the headless service', () => {
  it('after five kill -9s at seeded moments, the ledger, the webhook receiver and the shipments hold everything exactly once', async () => {
    const result = await runCrashRecovery({ kills: 5, seed: 3, orders: 150, trackingPerRound: 3 });
    expect(result.failures, result.lines.join('\n')).toEqual([]);
    expect(result.killedDuring.backfill + result.killedDuring.delivery + result.killedDuring.tracking).toBeGreaterThanOrEqual(3);
    // Six service starts and five kills: about 20 s on an idle 2-core machine, past 60 s when the
    // cores are shared with other work.
  }, 150_000);
});
