// A figure of `npm run bench`: what redacting one log line costs. Every log line and activity entry
// passes through the Redactor, and each '%' in a line is where an encoded secret may start, so a
// request URL full of escapes is its worst ordinary case. Timed against the same line with the
// escapes written as plain letters; the best of 7 rounds of each, interleaved.
import { Redactor } from '../../main/log/index.ts';

export function redactionFigures(): string[] {
  const token = (lead: string) => `eyJ${lead}${'x'.repeat(1_400)}`;
  const redactor = new Redactor(['s3cr3t-Client+Secret/xyz', 'P@ssw0rd&more', token('a'), token('b'), `refresh-${'r'.repeat(60)}`, 'webhook-signing-key-12345']);
  const url = 'GET https://erp.example.com/entity/Default/23.200.001/SalesOrder?$filter=LastModifiedDateTime%20gt%20datetimeoffset%272026-01-01T00%3A00%3A00%2B00%3A00%27';
  const plain = url.replaceAll('%', 'x');
  const LINES = 2_000;
  const round = (text: string): number => {
    const started = performance.now();
    for (let i = 0; i < LINES; i += 1) redactor.redactText(text);
    return performance.now() - started;
  };
  const best = { url: Infinity, plain: Infinity };
  for (let i = 0; i < 7; i += 1) {
    best.url = Math.min(best.url, round(url));
    best.plain = Math.min(best.plain, round(plain));
  }
  const us = (ms: number) => ((ms / LINES) * 1000).toFixed(1);
  return [`log redaction:               ${us(best.url)} us per URL line with escapes, ${us(best.plain)} us without (6 secrets known)`];
}
