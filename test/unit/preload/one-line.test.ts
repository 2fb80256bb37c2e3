import { describe, expect, it } from 'vitest';
import { quoteForMessage, quoteKeys } from '../../../preload/schemas/one-line.ts';

describe('quoting a value for a message', () => {
  it('shows the first 40 characters, counting a character outside the BMP as one, and invisible ones escaped', () => {
    expect(quoteForMessage('SO\tRC')).toBe('"SO\\tRC"');
    expect(quoteForMessage('😀'.repeat(41))).toBe(`"${'😀'.repeat(40)}…"`);
    expect(quoteForMessage('a'.repeat(40))).toBe(`"${'a'.repeat(40)}"`);
    expect(quoteKeys(['a', 'b', 'c', 'd', 'e'])).toBe('"a", "b", "c" and 2 more');
  });

  it('reads no more of a megabyte than it shows', () => {
    // It split the whole value into characters first: 60 ms a megabyte, on every refusal that quoted one.
    const megabyte = 'x'.repeat(1_000_000);
    const started = performance.now();
    for (let i = 0; i < 20; i++) quoteForMessage(megabyte);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
