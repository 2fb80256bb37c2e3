// `config set secretExpiresOn` follows Setup's rule: a date typed now that has passed is refused
// (exit 2, naming the key), as `setup --secret-expires-on` and `rotate-secret` refuse it; a mistyped
// year would show a working secret as expired and start the rotation reminders.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.ts';
import { yearsAhead } from '../../support/future-date.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'ds-config-expiry-'));
const env = { DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 5).toString('base64') };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('refuses a passed Expires On with exit 2 and keeps the stored one; a future one and "never" are set', { timeout: 60_000 }, async () => {
  const ahead = yearsAhead(1, '06-30');
  expect((await runCli(['config', 'set', 'secretExpiresOn', ahead], env)).code).toBe(0);

  const passed = await runCli(['config', 'set', 'secretExpiresOn', '2020-01-01'], env);
  expect(passed.code).toBe(2);
  expect(passed.stderr).toMatch(/secretExpiresOn: .*passed/i);
  expect((await runCli(['config', 'get', 'secretExpiresOn'], env)).stdout.trim()).toBe(ahead);

  expect((await runCli(['config', 'set', 'secretExpiresOn', 'never'], env)).code).toBe(0);
  expect((await runCli(['config', 'get', 'secretExpiresOn'], env)).stdout.trim()).toBe('none');
});
