// Server-sent events: the headless counterpart of IPC events. One stream per open page; each
// message is `event: <name>` + `data: <json>`. A comment line every 15 s keeps proxies and idle
// timeouts from closing a quiet stream.
import type { ServerResponse } from 'node:http';
import type { EventName } from '../../preload/api.ts';
import { SECURITY_HEADERS } from './static-files.ts';

const HEARTBEAT_MS = 15_000;
/** A few pages of the UI need a few streams; a cap keeps a token holder from opening thousands. */
export const MAX_EVENT_STREAMS = 16;
/** How soon a page turned away over the cap tries again. */
const TURNED_AWAY_RETRY_MS = 30_000;
/** A page that stopped reading (a frozen tab) is cut off past this much unsent data; it reconnects. */
const MAX_UNSENT_BYTES = 1024 * 1024;

export class EventStreams {
  readonly #clients = new Set<ServerResponse>();
  readonly #heartbeat: NodeJS.Timeout;

  constructor() {
    this.#heartbeat = setInterval(() => this.#write(': heartbeat\n\n'), HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  get size(): number {
    return this.#clients.size;
  }

  /** Starts a stream on `res`; false (nothing written) when MAX_EVENT_STREAMS are already open. */
  open(res: ServerResponse): boolean {
    if (this.#clients.size >= MAX_EVENT_STREAMS) return false;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write('retry: 2000\n\n');
    this.#clients.add(res);
    res.on('close', () => this.#clients.delete(res));
    return true;
  }

  /**
   * Answers a page over the cap. Not with an error status: EventSource gives up for good on one,
   * and the page would never get live updates, silently. An empty stream that asks to be retried
   * later instead brings the page in as soon as another one closes.
   */
  turnAway(res: ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`: too many open pages (at most ${MAX_EVENT_STREAMS}); retrying in ${TURNED_AWAY_RETRY_MS / 1000} s\nretry: ${TURNED_AWAY_RETRY_MS}\n\n`);
  }

  publish(event: EventName, payload: unknown): void {
    this.#write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  }

  closeAll(): void {
    clearInterval(this.#heartbeat);
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }

  #write(chunk: string): void {
    for (const client of this.#clients) {
      if (client.writableLength > MAX_UNSENT_BYTES) client.destroy();
      else client.write(chunk);
    }
  }
}
