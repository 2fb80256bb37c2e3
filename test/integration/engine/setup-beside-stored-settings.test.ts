import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveSetup } from '../../../main/engine/setup-actions.ts';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { engineAgainst, simSetupInput } from '../../support/engine-harness.ts';

// Setup owns the connection and a few sync settings; the others are not on its form. A value an
// earlier release stored there, which a check added since refuses, must not block saving it.
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ orders: 5 });
});
afterAll(() => sim.stop());

describe('saving Setup beside settings it does not show', () => {
  it('saves, leaving a shipment status or Box ID an earlier release stored as it is', async () => {
    const engine = await engineAgainst(sim);
    try {
      engine.connector.ledger.settings.setSetting('shipmentStatuses', ['Open', 'Con\tfirmed']);
      engine.connector.ledger.settings.setSetting('defaultBoxId', 'LARGE\u200bBOX');

      await saveSetup(engine.connector, simSetupInput(sim, { orderStatuses: ['Open', 'On Hold'] }), true);

      expect(engine.connector.settings.get('orderStatuses')).toEqual(['Open', 'On Hold']);
      expect(engine.connector.settings.get('shipmentStatuses')).toEqual(['Open', 'Con\tfirmed']);
      expect(engine.connector.settings.get('defaultBoxId')).toBe('LARGE\u200bBOX');
      // What the form itself holds is still checked, by the engine too.
      await expect(saveSetup(engine.connector, { ...simSetupInput(sim), orderStatuses: ['On\u200bHold'] }, true)).rejects.toThrow('orderStatuses: A status "On\\u200bHold" must be one line of printable text.');
    } finally {
      await engine.dispose();
    }
  });
});
