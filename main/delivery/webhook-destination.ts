// The DropStream webhook: POST of the versioned JSON payload, with the API key, an HMAC-SHA256
// signature over timestamp and body, and the Idempotency-Key (docs/webhook-payload.md).
// 2xx delivered; 4xx other than 408 and 429 parked (the receiver refused this payload); anything
// else, and every network failure or timeout, retried later.
// Secrets are read from the vault per delivery and go nowhere but the request headers: error
// texts are built from the status and the receiver's answer, scrubbed of both secrets.
import { createHmac } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import type { DeliveryOutcome, Destination, WebhookDestinationSettings } from './destinations.ts';
import { readAnswerExcerpt } from './answer-excerpt.ts';
import { maskSecrets } from '../acumatica/redact.ts';
import { socketFailureText } from '../net/socket-failure.ts';
import { PAYLOAD_SCHEMA_VERSION, type DeliveryPayload } from './payload.ts';
import { parseRetryAfter } from './retry-after.ts';

export interface WebhookSecrets {
  apiKey: string | undefined;
  signingSecret: string | undefined;
  /** Set when the pair was stored for another receiver (webhook-secrets-binding.ts): it is not sent here. */
  storedForOtherReceiver?: string;
}

export interface WebhookDestinationOptions {
  settings: WebhookDestinationSettings;
  /** Reads 'webhookApiKey' and 'webhookSigningSecret' from the vault. */
  secrets: () => Promise<WebhookSecrets>;
  now?: () => number;
  /** Extra trusted CA (PEM) for a receiver behind an internal certificate authority. */
  extraCaPem?: string;
  /** By default HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the environment. */
  proxy?: { httpsProxy?: string; httpProxy?: string; noProxy?: string };
  connectTimeoutMs?: number;
}

export const SIGNATURE_HEADER = 'x-dropstream-signature';
export const API_KEY_HEADER = 'x-dropstream-api-key';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
const EXCERPT_CHARS = 200;
/** Of the receiver's answer, only enough for the error message's excerpt is ever read. */
const ANSWER_BYTES = 4096;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`; exported for receivers' tests. */
export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** How an HTTP status is handled; pure, so the rules are tested on their own. */
export function classifyStatus(status: number): 'delivered' | 'retry' | 'park' {
  if (status >= 200 && status < 300) return 'delivered';
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return 'park';
  return 'retry';
}

export class WebhookDestination implements Destination {
  readonly name = 'webhook';
  readonly #url: URL;
  readonly #secrets: () => Promise<WebhookSecrets>;
  readonly #now: () => number;
  readonly #timeoutMs: number;
  readonly #dispatcher: Dispatcher & { close(): Promise<void> };

  constructor(options: WebhookDestinationOptions) {
    this.#url = new URL(options.settings.url);
    this.#secrets = options.secrets;
    this.#now = options.now ?? Date.now;
    const timeoutMs = options.settings.timeoutSeconds * 1000;
    this.#timeoutMs = timeoutMs;
    // Setting `ca` replaces Node's roots, so the bundled roots go along with the extra CA.
    const tls = options.extraCaPem ? { ca: [...rootCertificates, options.extraCaPem] } : {};
    const connect = { ...tls, timeout: options.connectTimeoutMs ?? 10_000 };
    this.#dispatcher = new EnvHttpProxyAgent({
      ...(options.proxy ?? {}),
      connect,
      requestTls: connect,
      proxyTls: connect,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connections: 2,
    });
  }

  async deliver(payload: DeliveryPayload): Promise<DeliveryOutcome> {
    const { apiKey, signingSecret, storedForOtherReceiver } = await this.#secrets();
    if (storedForOtherReceiver !== undefined) {
      return {
        kind: 'retry',
        error: `The webhook secrets were stored for ${storedForOtherReceiver}, not ${this.#url.origin}, and are not sent to another receiver. Store this receiver's API key and signing secret on the Deliveries tab (Webhook secrets) or with \`connector deliveries set-webhook-secrets\`.`,
      };
    }
    // Unsigned requests would teach receivers to accept forgeries; wait for the operator instead.
    if (!apiKey || !signingSecret) {
      // No screen takes these secrets (the renderer never sees one): the command line stores them.
      return { kind: 'retry', error: `The webhook ${!apiKey ? 'API key' : 'signing secret'} is not stored. Store both on the Deliveries tab (Webhook secrets) or with \`connector deliveries set-webhook-secrets\`.` };
    }
    // Raw and in every encoding a receiver may echo them in (JSON-escaped, HTML- or URL-encoded).
    const scrub = (text: string): string => maskSecrets(text, [apiKey, signingSecret]);
    const body = JSON.stringify(payload);
    const unixSeconds = Math.floor(this.#now() / 1000);
    let res: Dispatcher.ResponseData;
    try {
      res = await request(this.#url, {
        dispatcher: this.#dispatcher,
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'DropStream-Connector',
          [API_KEY_HEADER]: apiKey,
          [SIGNATURE_HEADER]: signatureHeader(signingSecret, unixSeconds, body),
          [IDEMPOTENCY_HEADER]: payload.idempotencyKey,
          'x-dropstream-schema-version': String(PAYLOAD_SCHEMA_VERSION),
        },
        body,
      });
    } catch (error) {
      return { kind: 'retry', error: scrub(this.#transportMessage(error)) };
    }
    // The answer's text only feeds the error message; a receiver that never finishes it must not
    // turn a 2xx into a retry, nor hold the cycle or fill memory: its start, within the timeout.
    const text = await readAnswerExcerpt(res.body, { bytes: ANSWER_BYTES, ms: this.#timeoutMs });
    const outcome = classifyStatus(res.statusCode);
    if (outcome === 'delivered') return { kind: 'delivered', detail: `HTTP ${res.statusCode}` };
    // Scrubbed before it is cut and its spaces folded: an echoed key that the cut or the folding
    // split would no longer match, and its first characters would stay in the error.
    const excerpt = scrub(text).replace(/\s+/g, ' ').trim().slice(0, EXCERPT_CHARS);
    const error = `The webhook answered HTTP ${res.statusCode}${scrub(this.#redirect(res))}${excerpt ? `: ${excerpt}` : ''}`;
    if (outcome === 'park') return { kind: 'park', error };
    const retryAfterMs = parseRetryAfter(res.headers['retry-after'], this.#now());
    return retryAfterMs === undefined ? { kind: 'retry', error } : { kind: 'retry', error, retryAfterMs };
  }

  /**
   * Where a 3xx points. It is not followed (the order and its signature would go to an address
   * nobody configured), and "HTTP 301" alone left the admin guessing at a receiver that moved or an
   * http:// URL its server sends to https://. Only the address: a query may carry a sign-in state;
   * and scrubbed like the answer, since a receiver may put the API key it was sent in the path.
   */
  #redirect(res: Dispatcher.ResponseData): string {
    if (res.statusCode < 300 || res.statusCode >= 400) return '';
    const header = res.headers['location'];
    const location = Array.isArray(header) ? header[0] : header;
    const target = location ? URL.parse(location, this.#url.href) : null;
    if (target === null) return ' (a redirect, which the connector does not follow)';
    return ` (a redirect to ${target.origin}${target.pathname}, which the connector does not follow: if that is the receiver's address, set it as the webhook URL)`;
  }

  close(): Promise<void> {
    return this.#dispatcher.close();
  }

  #transportMessage(error: unknown): string {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    const where = `${this.#url.protocol}//${this.#url.host}`;
    if (code === 'UND_ERR_CONNECT_TIMEOUT') return `Timed out connecting to the webhook at ${where}.`;
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return `The webhook at ${where} took too long to answer.`;
    return `Could not reach the webhook at ${where}: ${socketFailureText(error)}.`;
  }
}
