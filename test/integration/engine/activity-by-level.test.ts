// The Activity screen's "Errors only" asks the engine for the newest errors. Filtered in the page,
// it showed the errors among the newest 200 entries: after a busy day of imports, a handful, while
// the dashboard counted a hundred errors today.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { engineAgainst } from '../../support/engine-harness.ts';
import { createHandlers } from '../../../main/engine/handlers.ts';
import { methods } from '../../../preload/api.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ orders: 5 });
});
afterAll(() => sim.stop());

it('lists the newest errors, or warnings and errors, however many entries came after them', async () => {
  const engine = await engineAgainst(sim);
  try {
    const activity = engine.connector.ledger.activity;
    for (let i = 0; i < 5; i += 1) activity.record({ level: 'error', kind: 'test.error', message: `error ${i}` });
    activity.record({ level: 'warn', kind: 'test.warn', message: 'a warning' });
    for (let i = 0; i < 300; i += 1) activity.record({ level: 'info', kind: 'test.info', message: `imported ${i}` });
    const handlers = createHandlers(engine.connector, { name: 'test', version: '0', mode: 'headless' });
    const list = (request: unknown) => handlers.listActivity(methods.listActivity.request.parse(request));

    const errors = await list({ limit: 200, minLevel: 'error' });
    expect(errors.map((entry) => entry.message)).toEqual(['error 4', 'error 3', 'error 2', 'error 1', 'error 0']);
    const warnings = await list({ limit: 200, minLevel: 'warn' });
    expect(warnings.map((entry) => entry.level)).toEqual(['warn', 'error', 'error', 'error', 'error', 'error']);
    const everything = await list({ limit: 200 });
    expect(everything).toHaveLength(200);
    expect(everything.every((entry) => entry.kind === 'test.info')).toBe(true);
  } finally {
    await engine.dispose();
  }
});
