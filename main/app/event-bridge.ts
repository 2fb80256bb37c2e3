// Engine events to the window: status and cycles as they happen, orders and activity batched. Every
// event the headless service forwards comes here too: the Deliveries screen, for one, reloads its
// lists when a cycle finishes, and stays stale without the cycle event. The engine emits
// a batch per committed page, and a first sync commits many pages a second, so batches are merged
// and the window gets at most 10 messages a second per event. Every payload is checked against the
// contract before it is sent, so a bug in the engine shows up here as a dropped message rather
// than as a renderer crash.
import { events, type EventName, type PayloadOf } from '../../preload/api.ts';
import { createBatcher } from './event-batcher.ts';
import type { ShellEngine, StreamedBatch, StreamedEvent } from './shell-engine.ts';
import type { Timers } from './timers.ts';

export type SendToWindow = (channel: string, payload: unknown) => void;

export interface EventBridgeOptions {
  engine: ShellEngine;
  send: SendToWindow;
  timers: Timers;
  onDropped?(event: EventName, problem: string): void;
}

/** Validate a payload against its event's schema and send it; false when it was dropped. */
export function sendEvent<E extends EventName>(send: SendToWindow, event: E, payload: PayloadOf<E>): boolean {
  const parsed = events[event].payload.safeParse(payload);
  if (!parsed.success) return false;
  send(events[event].channel, parsed.data);
  return true;
}

export function bridgeEngineEvents(options: EventBridgeOptions): () => void {
  const { engine, send, timers } = options;
  const dropped = (event: EventName) => options.onDropped?.(event, `a ${event} event failed its schema`);

  const stream = <E extends StreamedEvent>(event: E) => {
    const batcher = createBatcher<StreamedBatch<E>[number]>({
      timers,
      flush: (items) => {
        if (!sendEvent(send, event, items as PayloadOf<E>)) dropped(event);
      },
    });
    const unsubscribe = engine.onEvent(event, (batch) => batcher.push(batch));
    return () => {
      unsubscribe();
      batcher.dispose();
    };
  };

  const stops = [
    engine.onStatus((status) => {
      if (!sendEvent(send, 'status', status)) dropped('status');
    }),
    engine.onEvent('cycle', (cycle) => {
      if (!sendEvent(send, 'cycle', cycle)) dropped('cycle');
    }),
    stream('orders'),
    stream('activity'),
  ];
  return () => stops.forEach((stop) => stop());
}
