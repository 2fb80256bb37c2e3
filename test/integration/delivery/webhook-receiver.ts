// A real webhook receiver, written from docs/webhook-payload.md alone: it checks the API key,
// the signature (timing-safe, with a timestamp tolerance), parses the body with the published
// schema and dedupes by Idempotency-Key. Tests script its answers per request.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { DeliveryPayload } from '../../../main/delivery/payload.ts';

export interface ReceivedRequest {
  idempotencyKey: string;
  signatureValid: boolean;
  apiKeyValid: boolean;
  schemaValid: boolean;
  duplicate: boolean;
  status: number;
  body: string;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Payloads accepted once each, in arrival order. */
  accepted: DeliveryPayload[];
  /** Statuses (with headers) to answer next, in order; when empty it answers 200 for a valid request (also for a duplicate). */
  script: (number | ScriptedAnswer)[];
  close(): Promise<void>;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
}

const TOLERANCE_SECONDS = 300;

export function verifySignature(header: string | undefined, secret: string, body: string, nowSeconds: number): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const t = Number(match[1]);
  if (Math.abs(nowSeconds - t) > TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}

function parseBody(body: string): DeliveryPayload | null {
  try {
    const result = DeliveryPayload.safeParse(JSON.parse(body));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

export async function startReceiver(options: { apiKey: string; secret: string; tls?: { key: string; cert: string }; now?: () => number }): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const accepted: DeliveryPayload[] = [];
  const seen = new Set<string>();
  const script: (number | ScriptedAnswer)[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
      const idempotencyKey = String(req.headers['idempotency-key'] ?? '');
      const signatureValid = verifySignature(req.headers['x-dropstream-signature'] as string | undefined, options.secret, body, nowSeconds);
      const apiKeyValid = req.headers['x-dropstream-api-key'] === options.apiKey;
      const parsed = parseBody(body);
      const schemaValid = parsed !== null && parsed.idempotencyKey === idempotencyKey;
      const duplicate = seen.has(idempotencyKey);
      const scripted = script.shift();
      const answer = typeof scripted === 'number' ? { status: scripted } : scripted;
      let status = answer?.status ?? (!signatureValid || !apiKeyValid ? 401 : !schemaValid ? 400 : 200);
      if (status >= 200 && status < 300 && parsed) {
        if (!duplicate) accepted.push(parsed);
        seen.add(idempotencyKey);
        if (duplicate) status = 200; // already processed: acknowledge, do nothing
      }
      requests.push({ idempotencyKey, signatureValid, apiKeyValid, schemaValid, duplicate, status, body });
      res.writeHead(status, { 'content-type': 'application/json', ...answer?.headers });
      res.end(JSON.stringify({ ok: status < 300, echoedKey: req.headers['x-dropstream-api-key'] }));
    });
  };
  const server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/hooks/dropstream`,
    requests,
    accepted,
    script,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
