// Server-sent events: the headless counterpart of IPC events. One stream per open page; each
// message is `event: <name>` + `data: <json>`. A comment line every 15 s keeps proxies and idle
// timeouts from closing a quiet stream.
import type { ServerResponse } from 'node:http';
import type { EventName } from '../../preload/api.ts';
import { SECURITY_HEADERS } from './static-files.ts';

const HEARTBEAT_MS = 15_000;

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

  open(res: ServerResponse): void {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write('retry: 2000\n\n');
    this.#clients.add(res);
    res.on('close', () => this.#clients.delete(res));
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
    for (const client of this.#clients) client.write(chunk);
  }
}
