import { afterEach, describe, expect, it } from 'vitest';
import { ledgerEndpointMemory } from '../../../main/engine/endpoint-memory.ts';
import { fakeClock, tempLedger } from '../store/fixtures.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

function ledger() {
  const temp = tempLedger(fakeClock().now);
  cleanups.push(temp.cleanup);
  return temp.ledger;
}

const ENDPOINT = { name: 'Default', version: '24.200.001', acumaticaBuild: '24.212.0013' };

describe('the remembered endpoint, in the ledger file', () => {
  it('comes back for the same instance only, and a new discovery replaces it', () => {
    const settings = ledger().settings;
    const erp = ledgerEndpointMemory(settings, 'https://erp.example.com/AcumaticaERP');
    expect(erp.recall()).toBeNull();
    erp.remember(ENDPOINT);
    expect(erp.recall()).toEqual(ENDPOINT);
    // Another instance URL (the form testing a new one) does not see it, and its discovery replaces it.
    const other = ledgerEndpointMemory(settings, 'https://test.example.com');
    expect(other.recall()).toBeNull();
    other.remember({ ...ENDPOINT, version: '23.200.001' });
    expect(erp.recall()).toBeNull();
    expect(other.recall()).toMatchObject({ version: '23.200.001' });
  });

  it('treats a value it cannot read as none, so the next run discovers and overwrites it', () => {
    const settings = ledger().settings;
    settings.setSetting('acumaticaEndpoint', { version: 42 });
    const memory = ledgerEndpointMemory(settings, 'https://erp.example.com');
    expect(memory.recall()).toBeNull();
    memory.remember(ENDPOINT);
    expect(memory.recall()).toEqual(ENDPOINT);
  });
});
