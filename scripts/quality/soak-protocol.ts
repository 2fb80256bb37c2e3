// The messages between the soak driver (simulator, receiver, faults) and the connector's own
// process (so the RSS measured is the connector's alone), and a typed client for the driver.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { QueuedTracking } from './end-state.ts';
import { ENGINE_V8_FLAGS } from '../../main/engine/v8-flags.ts';

export interface SoakSetup {
  instanceUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  orderTypes: string[];
  webhookUrl: string;
  webhookApiKey: string;
  webhookSigningSecret: string;
  /** Short client timeouts, so injected latency actually times requests out. */
  timeouts: { connectMs: number; headersMs: number; bodyMs: number };
}

export interface CycleSummary {
  ok: boolean;
  failureKind: string | null;
  imported: number;
  updated: number;
  delivered: number;
  retried: number;
  parked: number;
  trackingPosted: number;
  trackingFailed: number;
  requests: number;
  passwordGrants: number;
  refreshGrants: number;
}

export type SoakRequest =
  | { op: 'setup'; setup: SoakSetup }
  | { op: 'cycle' }
  | { op: 'track'; items: QueuedTracking[] }
  | { op: 'retry-failed-tracking' }
  | { op: 'advance'; ms: number }
  | { op: 'idle'; cycles: number; sampleEvery: number }
  | { op: 'heap-counts' }
  | { op: 'close' };

export interface SoakResults {
  setup: { ledgerPath: string };
  cycle: CycleSummary;
  track: { queued: number };
  'retry-failed-tracking': { reasons: string[] };
  advance: { offsetMs: number };
  idle: { rssBytes: number[]; heapBytes: number[]; failed: number; requests: number; ms: number };
  /** Live objects per constructor. */
  'heap-counts': Record<string, number>;
  close: { maxRssKb: number };
}

export type SoakReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export interface SoakChild {
  call<R extends SoakRequest>(request: R): Promise<SoakResults[R['op']]>;
  process: ChildProcess;
}

export function forkSoakChild(): SoakChild {
  // The connector runs with the V8 flags it ships with, so its memory curve is the real one.
  const child = fork(fileURLToPath(new URL('./soak-child.ts', import.meta.url)), [], { execArgv: ['--expose-gc', ...ENGINE_V8_FLAGS], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 1;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  child.on('message', (message: SoakReply) => {
    const pending = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.ok) pending?.resolve(message.value);
    else pending?.reject(new Error(message.error));
  });
  child.on('exit', (code) => {
    for (const pending of waiting.values()) pending.reject(new Error(`the connector process exited (${code})`));
    waiting.clear();
  });
  return {
    process: child,
    call<R extends SoakRequest>(request: R) {
      const id = nextId++;
      return new Promise<SoakResults[R['op']]>((resolve, reject) => {
        waiting.set(id, { resolve: (value) => resolve(value as SoakResults[R['op']]), reject });
        child.send({ id, request });
      });
    },
  };
}
