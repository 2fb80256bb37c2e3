import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `intervalMs`, so relative times and countdowns tick. Read
 * afresh at each render too: a screen that ticks every 30 s and renders a row changed a moment ago
 * (a dismissal, a list reloaded after a sync) would call it "in 20 s" with the last tick's time.
 */
export function useNow(intervalMs = 1000): number {
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return Math.max(tick, Date.now());
}
