import { describe, expect, it } from 'vitest';
import { rememberSpentToken } from '../../../main/acumatica/token-manager.ts';

describe('spent refresh tokens', () => {
  it('keeps the latest few, so a process refreshing hourly for years holds a handful, not thousands', () => {
    const spent = new Set<string>();
    for (let i = 1; i <= 10_000; i++) rememberSpentToken(spent, `refresh-${i}`);
    expect([...spent]).toEqual(Array.from({ length: 8 }, (_, i) => `refresh-${9_993 + i}`));
  });

  it('adding a token already held keeps the set as it is', () => {
    const spent = new Set(['a', 'b']);
    rememberSpentToken(spent, 'b', 2);
    expect([...spent]).toEqual(['a', 'b']);
  });
});
