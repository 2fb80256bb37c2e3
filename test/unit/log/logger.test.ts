import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maskSecrets } from '../../../main/acumatica/redact.ts';
import { createLogger } from '../../../main/log/logger.ts';
import { parseLogFileName } from '../../../main/log/rotating-file.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'dropstream-log-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const CLIENT_SECRET = 'cS3cr3t/with+special&chars=';
const PASSWORD = 'Winter-Warehouse-2026!';
const REFRESH_TOKEN = 'rt_9f86d081884c7d659a2feaa0c55ad015';

/** The current log file first, then the rotated ones (newest first), as the logger names them. */
function logFiles(): string[] {
  const dir = join(dataDir, 'logs');
  const logs = readdirSync(dir).flatMap((name) => {
    const log = parseLogFileName(name);
    return log === null ? [] : [{ path: join(dir, name), n: log.n }];
  });
  return logs.sort((a, b) => a.n - b.n).map((log) => log.path);
}

function logText(files: string[]): string {
  return files.map((f) => (statSync(f, { throwIfNoEntry: false }) ? readFileSync(f, 'utf8') : '')).join('');
}

describe('createLogger', () => {
  it('writes JSON lines with readable levels and ISO times, honouring the level', () => {
    const { logger, close } = createLogger({ dataDir, level: 'info' });
    logger.debug('not written');
    logger.info({ orders: 3 }, 'imported a page');
    close();
    const lines = logText(logFiles()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'imported a page', orders: 3 });
    expect(String(lines[0]?.['time'])).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('leaves no trace of a secret given by key, in a message, in a nested error or in child bindings', () => {
    const { logger, redactor, close } = createLogger({ dataDir, level: 'trace', secrets: [CLIENT_SECRET, PASSWORD] });
    redactor.registerSecretValue(REFRESH_TOKEN, 'refreshToken');

    logger.info({ clientSecret: CLIENT_SECRET, client_secret: 'other', password: PASSWORD, refresh_token: REFRESH_TOKEN }, 'by key');
    logger.info({ request: { headers: { Authorization: `Bearer ${REFRESH_TOKEN}` }, apiKey: 'k-123456' } }, 'nested keys');
    logger.warn(`token request failed for secret ${CLIENT_SECRET} and password ${PASSWORD}`);
    logger.warn('printf style %s', REFRESH_TOKEN);
    logger.info(`form body client_secret=${encodeURIComponent(CLIENT_SECRET)}&password=${encodeURIComponent(PASSWORD)}`);
    const cause = new Error(`upstream said invalid_grant for ${REFRESH_TOKEN}`);
    const error = Object.assign(new Error(`sign-in with ${PASSWORD} failed`, { cause }), { body: { echoed: CLIENT_SECRET } });
    logger.error(error);
    logger.error({ err: error, context: { attempt: { lastError: error } } }, 'nested error');
    logger.child({ session: REFRESH_TOKEN, token: 'child-token-value' }).info('from a child');
    logger.info({ raw: Buffer.from(PASSWORD) }, 'bytes');
    close();

    const text = logText(logFiles());
    for (const secret of [CLIENT_SECRET, PASSWORD, REFRESH_TOKEN, encodeURIComponent(CLIENT_SECRET), encodeURIComponent(PASSWORD), 'k-123456', 'child-token-value']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[REDACTED]');
    // Redaction keeps the rest of the line useful for support.
    expect(text).toContain('upstream said invalid_grant for [REDACTED]');
    const errorLine = JSON.parse(text.split('\n')[5] ?? '{}') as Record<string, unknown>;
    expect(errorLine).toMatchObject({ level: 'error', err: { type: 'Error', cause: { type: 'Error' }, body: { echoed: '[REDACTED]' } } });
    expect(text.trim().split('\n')).toHaveLength(9);
  });

  it('leaves no trace of a known secret in any form maskSecrets masks in an Acumatica answer', () => {
    const secret = 'p&ss/wörd+1 x';
    // How servers echo it back: IIS/ASP.NET error pages HTML-encode (named, decimal or hex
    // references), PHP's json_encode writes '/' as '\\/' and non-ASCII as \\uxxxx, .NET's
    // System.Text.Json writes '&' and '+' as \\u0026 and \\u002B, HttpUtility.UrlEncode uses
    // lower-case hex; and the raw, encodeURIComponent and form-encoded forms a request carries.
    const echoes = [
      'p&amp;ss/wörd+1 x',
      'p&#38;ss/w&#246;rd&#43;1 x',
      'p&#x26;ss/w&#xF6;rd&#x2B;1 x',
      'p&ss\\/w\\u00f6rd+1 x',
      'p\\u0026ss/w\\u00F6rd\\u002B1 x',
      'p%26ss%2fw%c3%b6rd%2b1+x',
      secret,
      encodeURIComponent(secret),
      encodeURIComponent(secret).replace(/%20/g, '+'),
    ];
    for (const echo of echoes) expect(maskSecrets(`said ${echo}.`, [secret])).toBe('said ***.');

    const { logger, close } = createLogger({ dataDir, secrets: [secret] });
    for (const echo of echoes) logger.warn({ body: `<p>Login failed for ${echo}</p>` }, `answer echoed ${echo}.`);
    close();

    const lines = logText(logFiles()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(echoes.length);
    for (const line of lines) expect(line).toMatchObject({ msg: 'answer echoed [REDACTED].', body: '<p>Login failed for [REDACTED]</p>' });
  });

  it('forgets an old value of a slot only after the next rotation', () => {
    const { logger, redactor, close } = createLogger({ dataDir });
    redactor.registerSecretValue('access-token-one', 'accessToken');
    redactor.registerSecretValue('access-token-two', 'accessToken');
    logger.info('one: access-token-one two: access-token-two');
    redactor.registerSecretValue('access-token-three', 'accessToken');
    logger.info('one: access-token-one');
    close();
    const lines = logText(logFiles()).trim().split('\n');
    expect(lines[0]).not.toContain('access-token');
    expect(lines[1]).toContain('access-token-one');
  });

  it('caps the size of the log folder by rotating', () => {
    const maxFileBytes = 16 * 1024;
    const { logger, close } = createLogger({ dataDir, maxFileBytes, maxFiles: 3 });
    for (let i = 0; i < 2_000; i += 1) logger.info({ i, padding: 'x'.repeat(100) }, 'filler line');
    close();

    const dir = join(dataDir, 'logs');
    const names = readdirSync(dir).sort();
    expect(names).toEqual(['dropstream.1.log', 'dropstream.2.log', 'dropstream.3.log', 'dropstream.log']);
    const total = names.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
    expect(total).toBeLessThanOrEqual(4 * maxFileBytes);
    for (const name of names) expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(maxFileBytes);
    // The newest lines are in the current file, and every line is whole JSON.
    const current = readFileSync(join(dir, 'dropstream.log'), 'utf8').trim().split('\n');
    expect(JSON.parse(current.at(-1) ?? '{}')).toMatchObject({ i: 1_999 });
    for (const line of logText(logFiles()).trim().split('\n')) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it('cuts an oversized line instead of letting it flush the history', () => {
    const { logger, close } = createLogger({ dataDir });
    logger.info({ body: 'y'.repeat(200_000) }, 'huge response');
    close();
    const line = JSON.parse(logText(logFiles()).trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'huge response', truncatedLogLine: { originalChars: expect.any(Number) as number } });
    expect(JSON.stringify(line).length).toBeLessThan(10_000);
  });

  it('creates log files readable by the owner only', () => {
    const { logger, close } = createLogger({ dataDir });
    logger.info('hello');
    close();
    expect(statSync(logFiles()[0] ?? '').mode & 0o777).toBe(0o600);
  });
});
