// The HTTP(S) listener: reads the request, logs it, applies faults, routes it and writes the
// response. Responses are whole values (SimResponse), so faults can replace or mangle them.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SimState } from '../context.ts';
import { faultResponse } from './fault-responses.ts';
import type { FaultInjector, FaultKind } from './faults.ts';
import type { RequestLogEntry } from './request-log.ts';
import { iisNotFound, type SimResponse } from './response.ts';
import { route } from './router.ts';

export interface ServerDeps {
  state: () => SimState;
  faults: FaultInjector;
  log: RequestLogEntry[];
}

export interface Listening {
  server: Server;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 10 * 1024 * 1024;

export async function listen(deps: ServerDeps, options: { port: number; host: string; tls: { key: string; cert: string } | null }): Promise<Listening> {
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    handle(deps, req, res, options.tls !== null).catch((error: unknown) => {
      // A simulator bug must show up as a failing request, never as a hung one.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`simulator error: ${error instanceof Error ? error.stack : String(error)}`);
    });
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler) : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, secure: boolean): Promise<void> {
  const arrived = performance.now();
  const state = deps.state();
  const url = new URL(req.url ?? '/', 'http://simulator');
  const body = await readBody(req);
  const vdir = state.settings.virtualDirectory;
  const inDirectory = url.pathname === vdir || url.pathname.startsWith(`${vdir}/`) || vdir === '';
  const relativePath = inDirectory ? url.pathname.slice(vdir.length) || '/' : url.pathname;
  const method = (req.method ?? 'GET').toUpperCase();
  const entry: RequestLogEntry = {
    seq: deps.log.length + 1,
    method,
    path: url.pathname,
    relativePath,
    query: Object.fromEntries(url.searchParams),
    time: state.clock.now(),
    status: null,
    serveMs: null,
    faults: [],
    hadBearer: /^Bearer\s/i.test(req.headers.authorization ?? ''),
  };
  deps.log.push(entry);

  const fired = inDirectory ? deps.faults.decide(method, relativePath) : [];
  entry.faults = fired.map((f) => f.kind);
  const delay = fired.reduce((ms, f) => ms + (f.kind === 'latency' ? f.ms : 0), 0);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  const drop = fired.find((f): f is Extract<FaultKind, { kind: 'drop' }> => f.kind === 'drop');
  if (drop && drop.when !== 'after') {
    req.socket.destroy();
    return;
  }

  let response: SimResponse | null = null;
  for (const fault of fired) response ??= faultResponse(fault, vdir);
  if (!response) {
    if (!inDirectory) response = iisNotFound();
    else {
      const result = route(state, {
        method,
        fullPath: url.pathname,
        relativePath,
        query: url.searchParams,
        body,
        headers: flatHeaders(req),
        origin: `${secure ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`,
      });
      response = result.response;
      if (result.listPage) deps.faults.runPageHooks(result.listPage);
    }
  }

  if (drop) {
    req.socket.destroy();
    return;
  }
  // The instance's own clock, which also stamps LastModified: a client that bases its cursor on
  // the Date header must see the time the simulator's records are stamped with, advances included.
  response = { ...response, headers: { date: new Date(state.clock.now()).toUTCString(), ...response.headers } };
  let lengthSet: string | undefined;
  for (const fault of fired) {
    if (fault.kind !== 'rewrite') continue;
    // Header names as HTTP has them (any case): an edit that sets `Date` replaces the simulator's
    // `date` instead of sending both.
    response = withLowerCaseHeaderNames(fault.edit(response));
    lengthSet = response.headers['content-length'] ?? lengthSet;
  }
  entry.status = response.status;
  const payload = Buffer.from(response.body, 'utf8');
  entry.serveMs = performance.now() - arrived;
  const headers: Record<string, string> = { ...response.headers, 'content-length': lengthSet ?? String(payload.length) };
  const truncate = fired.find((f): f is Extract<FaultKind, { kind: 'truncate' }> => f.kind === 'truncate');
  // Node adds a Date of its own to a response without one; a rewrite that removed it meant none.
  if (headers['date'] === undefined) res.sendDate = false;
  res.writeHead(response.status, headers);
  if (truncate) {
    const cut = Math.max(0, Math.min(payload.length - 1, Math.floor(payload.length * (truncate.fraction ?? 0.5))));
    res.write(payload.subarray(0, cut), () => res.destroy());
    return;
  }
  if (lengthSet !== undefined && Number(lengthSet) !== payload.length) {
    // What a broken proxy does: the body it has, then the connection closes.
    res.write(payload, () => res.destroy());
    return;
  }
  const trickle = fired.find((f): f is Extract<FaultKind, { kind: 'trickle' }> => f.kind === 'trickle');
  if (trickle) return trickleOut(res, payload, trickle);
  res.end(payload);
}

function withLowerCaseHeaderNames(response: SimResponse): SimResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) headers[name.toLowerCase()] = value;
  return { ...response, headers };
}

/** Writes `payload` a few bytes at a time, until it is all sent or the client hangs up. */
function trickleOut(res: ServerResponse, payload: Buffer, { bytes, intervalMs }: { bytes: number; intervalMs: number }): void {
  let sent = 0;
  const timer = setInterval(() => {
    const end = Math.min(payload.length, sent + bytes);
    if (end === payload.length) {
      clearInterval(timer);
      res.end(payload.subarray(sent));
      return;
    }
    res.write(payload.subarray(sent, end));
    sent = end;
  }, intervalMs);
  res.on('close', () => clearInterval(timer));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
