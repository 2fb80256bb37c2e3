// Capped exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
// Jitter"): Acumatica documents no Retry-After, and several connectors behind one licence must not
// retry in lockstep.
import type { Clock, Random } from './clock.ts';
import { AcumaticaError } from './errors.ts';

export interface BackoffPolicy {
  /** Delay ceiling for the first retry, in ms. */
  baseMs: number;
  /** No delay is ever longer than this, in ms. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };

/**
 * Delay before retry number `attempt` (1 for the first retry): a uniformly random value between
 * half and all of min(cap, base * 2^(attempt-1)), so there is always some wait but no lockstep.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: Random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export interface RetryOptions {
  /** Total attempts, including the first. */
  maxAttempts: number;
  backoff: BackoffPolicy;
  clock: Clock;
  random: Random;
  /** Which failures may be tried again; defaults to AcumaticaError.retryable. */
  shouldRetry?: (error: unknown) => boolean;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const shouldRetry = options.shouldRetry ?? ((error: unknown) => error instanceof AcumaticaError && error.retryable);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= options.maxAttempts || !shouldRetry(error)) throw error;
      const delayMs = backoffDelay(attempt, options.backoff, options.random);
      options.onRetry?.({ attempt, delayMs, error });
      await options.clock.sleep(delayMs);
    }
  }
}
