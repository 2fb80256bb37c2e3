import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../../main/app/event-batcher.ts';
import { fakeTimers } from './fixtures.ts';

describe('event batcher', () => {
  it('sends a synchronous burst as one message', () => {
    const timers = fakeTimers();
    const sent: number[][] = [];
    const batcher = createBatcher<number>({ timers, flush: (items) => sent.push(items) });
    for (let index = 0; index < 500; index++) batcher.push([index]);
    expect(sent).toEqual([]);
    timers.advance(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toHaveLength(500);
  });

  it('sends at most 10 messages a second however steady the stream, and loses nothing', () => {
    const timers = fakeTimers();
    const sent: number[][] = [];
    const batcher = createBatcher<number>({ timers, flush: (items) => sent.push(items) });
    let pushed = 0;
    for (let ms = 0; ms < 3000; ms += 5) {
      batcher.push([pushed++]);
      timers.advance(5);
    }
    timers.advance(1000);
    expect(sent.flat()).toEqual([...Array(pushed).keys()]);
    expect(sent.length).toBeLessThanOrEqual(31);
    const sentAt: number[] = [];
    const timed = createBatcher<number>({ timers, flush: () => sentAt.push(timers.now()) });
    for (let ms = 0; ms < 1000; ms += 1) {
      timed.push([ms]);
      timers.advance(1);
    }
    for (let index = 1; index < sentAt.length; index++) expect(sentAt[index]! - sentAt[index - 1]!).toBeGreaterThanOrEqual(100);
  });

  it('drops what is pending on dispose', () => {
    const timers = fakeTimers();
    const sent: number[][] = [];
    const batcher = createBatcher<number>({ timers, flush: (items) => sent.push(items) });
    batcher.push([1]);
    batcher.dispose();
    timers.advance(1000);
    expect(sent).toEqual([]);
    expect(timers.pending()).toBe(0);
  });
});
