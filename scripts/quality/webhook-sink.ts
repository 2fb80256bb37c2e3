// A webhook receiver written from docs/webhook-payload.md, for the soak, crash and leak runs: it
// verifies the API key and the HMAC signature over the raw body, dedupes by Idempotency-Key and
// records every key it accepted, so a run can prove "each version once" from the receiver's side.
// It can misbehave on purpose (slow answers, 503s, dropping the socket after accepting) so the
// connector's retries and the receiver's dedupe are exercised; misbehaviour draws from a seeded
// stream so a run reproduces.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryPayload } from '../../main/delivery/payload.ts';

const TOLERANCE_SECONDS = 300;

export interface SinkMisbehaviour {
  /** Answer each request only after this long. */
  delayMs: number;
  /** Share of valid requests answered 503 without processing (the connector retries later). */
  unavailableRate: number;
  /** Share of valid requests processed, then the socket destroyed (the connector never hears). */
  dropAfterAcceptRate: number;
}

export interface SinkStats {
  requests: number;
  /** Requests refused for a bad API key, signature or body: must stay 0 for a healthy connector. */
  rejected: number;
  unavailable: number;
  droppedAfterAccept: number;
  /** Valid requests for a key already accepted (acknowledged, not processed again). */
  duplicates: number;
  unique: number;
  /** A version of a record that arrived after a newer version of the same record. */
  outOfOrder: number;
}

export interface CapturedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookSink {
  url: string;
  /** Every key processed once, with how many valid requests carried it. */
  readonly accepted: ReadonlyMap<string, number>;
  readonly captured: readonly CapturedRequest[];
  stats(): SinkStats;
  misbehave(patch: Partial<SinkMisbehaviour>): void;
  close(): Promise<void>;
}

export function verifySignature(header: string | undefined, secret: string, body: string, nowSeconds: number): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  if (Math.abs(nowSeconds - Number(match[1])) > TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}

/** `order:SO/SO001@2026-...` → the record part and the version's instant. */
function splitKey(key: string): { record: string; at: number } {
  const at = key.lastIndexOf('@');
  return { record: key.slice(0, at), at: Date.parse(key.slice(at + 1)) };
}

export async function startWebhookSink(options: { apiKey: string; signingSecret: string; random?: () => number; capture?: boolean }): Promise<WebhookSink> {
  const random = options.random ?? Math.random;
  const behaviour: SinkMisbehaviour = { delayMs: 0, unavailableRate: 0, dropAfterAcceptRate: 0 };
  const accepted = new Map<string, number>();
  const newestByRecord = new Map<string, number>();
  const captured: CapturedRequest[] = [];
  const stats: SinkStats = { requests: 0, rejected: 0, unavailable: 0, droppedAfterAccept: 0, duplicates: 0, unique: 0, outOfOrder: 0 };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString('utf8');
    stats.requests += 1;
    if (options.capture) captured.push({ headers: { ...req.headers }, body });
    if (behaviour.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    const key = String(req.headers['idempotency-key'] ?? '');
    const signed = verifySignature(req.headers['x-dropstream-signature'] as string | undefined, options.signingSecret, body, Math.floor(Date.now() / 1000));
    const keyed = req.headers['x-dropstream-api-key'] === options.apiKey;
    const parsed = parseBody(body);
    if (!signed || !keyed || !parsed || parsed.idempotencyKey !== key) {
      stats.rejected += 1;
      return answer(res, 401);
    }
    if (random() < behaviour.unavailableRate) {
      stats.unavailable += 1;
      return answer(res, 503);
    }
    const seen = accepted.get(key);
    if (seen !== undefined) {
      stats.duplicates += 1;
      accepted.set(key, seen + 1);
    } else {
      stats.unique += 1;
      accepted.set(key, 1);
      const { record, at } = splitKey(key);
      if ((newestByRecord.get(record) ?? -Infinity) > at) stats.outOfOrder += 1;
      else newestByRecord.set(record, at);
    }
    if (random() < behaviour.dropAfterAcceptRate) {
      stats.droppedAfterAccept += 1;
      req.socket.destroy();
      return;
    }
    answer(res, 200);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/dropstream`,
    accepted,
    captured,
    stats: () => ({ ...stats }),
    misbehave: (patch) => Object.assign(behaviour, patch),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseBody(body: string): DeliveryPayload | null {
  try {
    const result = DeliveryPayload.safeParse(JSON.parse(body));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

function answer(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: status < 300 }));
}
