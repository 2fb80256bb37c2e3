// The Date header read on a PC whose time zone is not UTC. RFC 9110 lets a server send the
// obsolete asctime form, which names no zone and means GMT; read in the PC's zone it put the
// cursor 14 hours back on a PC in Kiritimati (every cycle re-read 14 hours of changes) and took
// Acumatica's clock for 5 hours ahead in Chicago (a false warning, and the cursor left the
// server's clock for this computer's). Each test sets TZ for this process (vitest forks a process
// per file). A re-import "since" a date starts where that date began on the PC's clock.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { engineAgainst } from '../../support/engine-harness.ts';

let sim: Simulator;
const zoneBefore = process.env['TZ'];
beforeAll(async () => {
  sim = await startSimulator({ orders: 0 });
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(() => sim.reset());
afterEach(() => {
  if (zoneBefore === undefined) delete process.env['TZ'];
  else process.env['TZ'] = zoneBefore;
});

const LISTS = /\/(SalesOrder|Shipment|StockItem)$/;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** "Sun Nov  6 08:49:37 1994": RFC 9110's asctime form of an instant, in GMT. */
function asctime(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

describe.each(['Pacific/Kiritimati', 'America/Chicago', 'Australia/Lord_Howe'])('an asctime Date header on a PC in %s', (zone) => {
  it('is read as GMT: the cursor follows the server clock, less the overlap, and no clock warning', async () => {
    process.env['TZ'] = zone;
    sim.faults.rewrite((response) => ({ ...response, headers: { ...response.headers, date: asctime(sim.clock.now()) } }), { method: 'GET', path: LISTS, times: Infinity });
    sim.admin.createOrder({ orderType: 'SO', status: 'Open' });
    const engine = await engineAgainst(sim);
    try {
      expect((await engine.connector.syncOnce()).orders.imported).toBe(1);
      const cursor = JSON.parse(engine.connector.ledger.cursors.getCursor('SalesOrder:SO')!.value) as { since: string };
      const behind = sim.clock.now() - Date.parse(cursor.since);
      expect(behind).toBeGreaterThanOrEqual(2 * 60_000);
      expect(behind).toBeLessThan(3 * 60_000);
      expect(engine.connector.ledger.activity.listKindSince('sync.server-clock-ahead', 0)).toEqual([]);
    } finally {
      await engine.dispose();
    }
  });
});

describe.each([
  ['Pacific/Kiritimati', '2026-03-07T10:00:00.000Z'],
  ['Australia/Lord_Howe', '2026-03-07T13:00:00.000Z'],
  ['America/Chicago', '2026-03-08T06:00:00.000Z'],
  ['Europe/London', '2026-03-08T00:00:00.000Z'],
])('a re-import "since 2026-03-08" on a PC in %s', (zone, localMidnight) => {
  it('starts where that day began on the PC\'s clock, in the filter sent to Acumatica', async () => {
    process.env['TZ'] = zone;
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      sim.inspect.clearRequests();
      await engine.connector.syncOnce({ since: '2026-03-08' });
      const filters = sim.inspect.requests({ method: 'GET', path: /\/SalesOrder$/ }).map((request) => request.query['$filter']);
      expect(filters[0]).toContain(`LastModified gt datetimeoffset'${localMidnight}'`);
    } finally {
      await engine.dispose();
    }
  });
});
