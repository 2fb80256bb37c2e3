// The start of a webhook receiver's answer, read within a byte and a time budget. The answer only
// feeds an error message, but reading it whole let one receiver stop the connector: a 2xx whose
// body never ended held the sync cycle (import and tracking included) forever, because undici's
// bodyTimeout only bounds the gap between chunks, and a huge body was buffered in memory whole.
import type { Readable } from 'node:stream';

export interface ExcerptLimits {
  bytes: number;
  ms: number;
}

/** At most `bytes` of the body as UTF-8, within `ms`; the rest is never read (the connection closes). */
export async function readAnswerExcerpt(body: Readable, limits: ExcerptLimits): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  const deadline = setTimeout(() => body.destroy(), limits.ms);
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limits.bytes) break;
    }
  } catch {
    // Cut off by the deadline or the receiver: what arrived is all the message needs.
  } finally {
    clearTimeout(deadline);
    body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, limits.bytes).toString('utf8');
}
