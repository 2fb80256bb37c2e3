// The headless service's web server: the built renderer and the JSON API that mirrors the IPC
// contract, on 127.0.0.1 only. `POST /api/<method>` answers the method's envelope; `GET
// /api/events` is the live event stream. Every /api request needs the per-launch token.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { finished } from 'node:stream/promises';
import { isMethodName, type Envelope, type EventName } from '../../preload/api.ts';
import { dispatch, type EngineHandlers } from '../engine/dispatch.ts';
import { EventStreams } from './event-stream.ts';
import { createRequestGuard, type GuardVerdict } from './request-guard.ts';
import { SECURITY_HEADERS, serveStatic } from './static-files.ts';

const MAX_BODY_BYTES = 1024 * 1024;
/**
 * A body over the limit is still read to its end, and dropped, up to this much before the 413 goes
 * out: answered at once, the connection closed under a client still sending, which then saw EPIPE
 * or a reset instead of the answer. Past this much the connection is cut.
 */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;
/** How long a stop waits for requests in progress before it cuts their connections. */
const CLOSE_GRACE_MS = 5_000;
/**
 * How long a request may take to arrive whole (headers and body). On loopback a 1 MB body takes
 * milliseconds; Node's default, five minutes, let a request left half sent hold its connection
 * (and, repeated, the process's sockets) that long.
 */
const REQUEST_TIMEOUT_MS = 30_000;

export interface ServiceOptions {
  port?: number;
  rendererDir: string;
  handlers: EngineHandlers;
  /** Engine events to forward to open pages; returns an unsubscribe function. */
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
  token?: string;
  /** For tests: REQUEST_TIMEOUT_MS unless given. */
  requestTimeoutMs?: number;
}

export interface RunningService {
  /** The address to open, with the launch token. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  const guard = createRequestGuard(token, () => port);
  const streams = new EventStreams();
  const unsubscribe = options.subscribe((event, payload) => streams.publish(event, payload));
  /** Method calls being answered (their request fully read): a stop lets them finish. */
  const answering = new Set<Promise<void>>();
  /**
   * Set by close(). Node keeps serving a kept-alive connection after server.close(): a page could
   * start a new call (a sync, a save) on it while the stop waits for the calls in progress, and
   * that call would then be cut off. So from here on every answer closes its connection, and a
   * request that still arrives is refused.
   */
  let stopping = false;

  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  // Node checks the timeouts every connectionsCheckingInterval (30 s by default): a second keeps
  // the cut close to the limit. A request cut answers 408 and its connection closes; an event
  // stream, a GET received whole at once, is not affected.
  const timeouts = { requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(1_000, requestTimeout) };
  const server = createServer(timeouts, (req, res) => {
    handleRequest(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'failed', message: 'Internal error.' } });
      else res.end();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = URL.parse(req.url ?? '/', 'http://127.0.0.1');
    if (url === null) return void sendText(res, 400, 'Bad request: the request target is not a valid URL.');
    if (refuse(res, guard.checkHost(req))) return;
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return void sendText(res, 405, 'Method not allowed.');
      return serveStatic(options.rendererDir, url.pathname, res);
    }
    if (url.pathname === '/api/events') {
      if (refuse(res, guard.checkToken(req, url, true))) return;
      if (req.method !== 'GET') return void sendText(res, 405, 'Method not allowed.');
      if (!streams.open(res)) streams.turnAway(res);
      return;
    }
    if (refuse(res, guard.checkToken(req, url, false))) return;
    if (req.method !== 'POST') return void sendText(res, 405, 'Method not allowed.');
    if (refuse(res, guard.checkOrigin(req)) || refuse(res, guard.checkJsonBody(req))) return;
    const method = url.pathname.slice('/api/'.length);
    if (!isMethodName(method)) return void sendJson(res, 404, { ok: false, error: { code: 'invalid-request', message: `Unknown method: ${method}` } });
    const declaredLength = Number(req.headers['content-length'] ?? 0);
    const body = declaredLength > DRAIN_LIMIT_BYTES ? undefined : await readBody(req);
    if (body === undefined) {
      // Past the drain limit the rest of the body stays unread, so the connection cannot carry
      // another request: say it closes. Answered keep-alive, a client sent its next call on it and
      // had it reset.
      res.setHeader('connection', 'close');
      return void sendJson(res, 413, { ok: false, error: { code: 'invalid-request', message: `Request too large: the body may have at most ${MAX_BODY_BYTES} bytes.` } });
    }
    let text: string;
    try {
      text = strictUtf8.decode(body);
    } catch {
      // Decoded leniently, such a byte became U+FFFD inside a value: a tracking number or a
      // password stored as something nobody typed.
      return void sendJson(res, 400, { ok: false, error: { code: 'invalid-request', message: 'The request body is not valid UTF-8: send the JSON text encoded as UTF-8.' } });
    }
    let payload: unknown;
    try {
      payload = text.length === 0 ? undefined : (JSON.parse(text) ?? undefined);
    } catch {
      return void sendJson(res, 400, { ok: false, error: { code: 'invalid-request', message: 'The request body is not valid JSON.' } });
    }
    // A call whose body was still arriving when the stop began (it waits for other calls): the
    // engine is closing, so it must not start anything new.
    if (stopping) {
      res.setHeader('connection', 'close');
      return void sendJson(res, 503, { ok: false, error: { code: 'failed', message: 'The connector is stopping.' } });
    }
    const answer = (async () => {
      const envelope = await dispatch(options.handlers, method, payload);
      if (stopping) res.setHeader('connection', 'close');
      return sendJson(res, statusOf(envelope), envelope);
    })();
    answering.add(answer);
    try {
      await answer;
    } finally {
      answering.delete(answer);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    async close() {
      stopping = true;
      unsubscribe();
      streams.closeAll();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A call being answered (a connection test, a save) may finish, for up to CLOSE_GRACE_MS.
      // Every other connection goes now: an open page's EventSource would hold its socket (and
      // reconnect), and a client that never finishes sending its request must not hold the stop.
      if (answering.size > 0) {
        let cutOff: NodeJS.Timeout | undefined;
        const grace = new Promise<void>((resolve) => (cutOff = setTimeout(resolve, CLOSE_GRACE_MS)));
        await Promise.race([Promise.allSettled([...answering]), grace]);
        clearTimeout(cutOff);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

/**
 * A request the contract refuses is a client error (400), so a script that checks only the status
 * sees it; every other answer, a failed call included, is the method's result in its envelope.
 */
function statusOf(envelope: Envelope): 200 | 400 {
  return !envelope.ok && envelope.error.code === 'invalid-request' ? 400 : 200;
}

function refuse(res: ServerResponse, verdict: GuardVerdict): boolean {
  if (verdict.ok) return false;
  sendJson(res, verdict.status, { ok: false, error: { code: 'refused', message: verdict.message } });
  return true;
}

/** Resolves once the response has been handed to the socket, so a stop does not cut it short. */
function sendJson(res: ServerResponse, status: number, body: unknown): Promise<void> {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
  // A client that hung up has nothing left to wait for.
  return finished(res).catch(() => undefined);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > DRAIN_LIMIT_BYTES) return undefined; // leaving the loop destroys the request
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks);
}
