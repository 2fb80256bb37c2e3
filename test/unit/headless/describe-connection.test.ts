// `connector status` words a storage failure as the tray, the dashboard and the notice do.
import { describe, expect, it } from 'vitest';
import { describeConnection } from '../../../main/headless/describe-connection.ts';

const FULL = 'The connector could not write its ledger (SQLite: database or disk is full): the drive holding its data folder is full or failing.';

describe('describeConnection', () => {
  it('does not call a full drive under the ledger a lost connection', () => {
    expect(describeConnection({ kind: 'disconnected', reason: FULL, since: '2025-03-10T12:00:00.000Z', storage: true })).toBe(
      `cannot save data since 2025-03-10T12:00:00.000Z: ${FULL}`,
    );
    expect(describeConnection({ kind: 'disconnected', reason: 'Could not reach https://erp.example.com.', since: '2025-03-10T12:00:00.000Z' })).toBe(
      'disconnected since 2025-03-10T12:00:00.000Z: Could not reach https://erp.example.com.',
    );
  });
});
