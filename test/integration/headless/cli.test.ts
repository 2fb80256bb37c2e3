import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { runCli, startCli } from '../../support/run-cli.ts';
import { yearsAhead } from '../../support/future-date.ts';

const SETUP_EXPIRY = yearsAhead(1, '03-01');
const ROTATED_EXPIRY = yearsAhead(2);

// The command line exactly as IT admins script it: separate processes, real files, real HTTP.
let sim: Simulator;
let dataDir: string;
let env: NodeJS.ProcessEnv;
const VAULT_KEY = Buffer.alloc(32, 9).toString('base64');

beforeAll(async () => {
  sim = await startSimulator({ orders: 150, virtualDirectory: '/AcumaticaERP' });
  dataDir = mkdtempSync(join(tmpdir(), 'ds-cli-'));
  env = { DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: VAULT_KEY };
});
afterAll(() => sim.stop());

const secrets = () => ({ DROPSTREAM_CLIENT_SECRET: sim.credentials.clientSecret, DROPSTREAM_PASSWORD: sim.credentials.password });
const setupArgs = () => ['setup', '--instance-url', sim.baseUrl, '--client-id', sim.credentials.clientId, '--username', sim.credentials.username];
const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCli(args, { ...env, ...extra });
/** The command exits 2 (invalid input) with `message` on stderr. */
async function expectRefused(args: string[], message: RegExp, extra: NodeJS.ProcessEnv = {}): Promise<void> {
  const result = await cli(args, extra);
  expect(result.code, args.join(' ')).toBe(2);
  expect(result.stderr).toMatch(message);
}

// Each test runs the real command line as separate processes, up to twenty of them; on a loaded
// 2-core machine (CI, with the other test files beside it) that can pass the default 30 s.
describe('connector command line', { timeout: 60_000 }, () => {
  it('refuses bad setup input with exit 2, naming the flag or the variable', async () => {
    await expectRefused(['setup', '--instance-url', sim.baseUrl], /--client-id is required/);

    await expectRefused([...setupArgs().slice(0, 3), '--client-id', sim.credentials.clientId.split('@')[0]!, '--username', 'x'], /--client-id: The Client ID must end with @/, secrets());

    await expectRefused(['setup', '--instance-url', 'http://erp.example.com', '--client-id', sim.credentials.clientId, '--username', 'x'], /--instance-url: .*https:\/\//, secrets());

    await expectRefused(setupArgs(), /DROPSTREAM_CLIENT_SECRET/);

    await expectRefused([...setupArgs(), '--password', 'oops'], /Unknown option '--password'/, secrets());
    await expectRefused([...setupArgs(), '--secret-expires-on', '2020-01-01'], /--secret-expires-on: 2020-01-01 has passed, and Acumatica refuses a Shared Secret after its Expires On/, secrets());
  });

  it('stores the setup with secrets encrypted, then tests the connection and syncs', async () => {
    const setup = await cli([...setupArgs(), '--secret-expires-on', SETUP_EXPIRY], secrets());
    expect(setup.code, setup.stderr).toBe(0);
    for (const file of ['secrets.vault', 'ledger.sqlite']) {
      const bytes = readFileSync(join(dataDir, file));
      expect(bytes.includes(Buffer.from(sim.credentials.clientSecret))).toBe(false);
      expect(bytes.includes(Buffer.from(sim.credentials.password))).toBe(false);
    }

    const test = await cli(['test-connection', '--json']);
    expect(test.code, test.stderr).toBe(0);
    const report = JSON.parse(test.stdout) as { ok: boolean; endpointVersion: string; checks: { id: string; outcome: string }[] };
    expect(report.ok).toBe(true);
    expect(report.endpointVersion).toBe('24.200.001');
    expect(report.checks.every((check) => check.outcome === 'ok')).toBe(true);

    const sync = await cli(['sync', '--once', '--json']);
    expect(sync.code, sync.stderr).toBe(0);
    const summary = JSON.parse(sync.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({
      orders: { imported: expect.any(Number), updated: 0 },
      shipments: { imported: expect.any(Number), updated: 0 },
      tracking: { posted: 0, failed: 0 },
      requests: expect.any(Number),
      tokenGrants: { password: 0, refresh: 1 },
    });
    expect((summary.orders as { imported: number }).imported).toBeGreaterThan(0);
    // One password grant for the life of the installation: test-connection's, reused by sync.
    expect(sim.inspect.grants('password').filter((grant) => grant.outcome === 'ok')).toHaveLength(1);

    const orders = await cli(['orders', '--json', '--limit', '3']);
    expect(orders.code).toBe(0);
    const list = JSON.parse(orders.stdout) as Record<string, unknown>[];
    expect(list).toHaveLength(3);
    for (const order of list) {
      expect(Object.keys(order)).toEqual(expect.arrayContaining(['orderType', 'orderNbr', 'status', 'customerId', 'lastModified', 'shipTo', 'lines']));
      expect((order.lines as Record<string, unknown>[])[0]).toEqual(expect.objectContaining({ inventoryId: expect.any(String), quantity: expect.any(Number), uom: expect.any(String), warehouseId: expect.any(String) }));
      expect(order.shipTo).toEqual(expect.objectContaining({ city: expect.any(String), postalCode: expect.any(String) }));
    }

    const status = await cli(['status', '--json']);
    expect(status.code).toBe(0);
    const state = JSON.parse(status.stdout) as { connection: { kind: string }; secret: { expiresOn: string }; cursors: unknown[] };
    expect(state.connection.kind).toBe('connected');
    expect(state.secret.expiresOn).toBe(SETUP_EXPIRY);
    expect(state.cursors).toHaveLength(3);
  });

  it('validates sync flags', async () => {
    expect((await cli(['sync'])).code).toBe(2);
    await expectRefused(['sync', '--once', '--since', '2026-13-01'], /--since/);
    await expectRefused(['sync', '--once', '--since', '2099-01-01'], /--since: 2099-01-01 is in the future/);
    await expectRefused(['orders', '--limit', '99999999999999999999'], /--limit must be a whole number from 1 to/);
    await expectRefused(['status', '--data-dir', dataDir], /--data-dir goes before the command/);
    const reimport = await cli(['sync', '--once', '--since', '2026-01-01', '--json']);
    expect(reimport.code, reimport.stderr).toBe(0);
    expect(JSON.parse(reimport.stdout).orders.updated).toBe(0);
  });

  it('lists, reads and changes settings, refusing unknown keys and bad values with exit 2', async () => {
    const list = await cli(['config', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toMatchObject({ pollIntervalSeconds: 60, orderTypes: ['SO'], retentionDays: 90 });
    expect((await cli(['config', 'set', 'orderStatuses', 'Open,Back Order'])).code).toBe(0);
    expect((await cli(['config', 'get', 'orderStatuses'])).stdout.trim()).toBe('Open,Back Order');
    await expectRefused(['config', 'set', 'pollIntervalSeconds', '3'], /pollIntervalSeconds: .*15 seconds/);
    await expectRefused(['config', 'set', 'password', 'x'], /Unknown setting "password"/);
    // The stored secrets belong to the configured sign-in: only `setup` may move it elsewhere.
    await expectRefused(['config', 'set', 'instanceUrl', 'https://erp.example.com/AcumaticaERP'], /instanceUrl names the Acumatica sign-in .* only through Setup/);
    expect((await cli(['config', 'get', 'instanceUrl'])).stdout.trim()).toBe(sim.baseUrl);
    expect((await cli(['config', 'set', 'instanceUrl', sim.baseUrl])).code).toBe(0);
    // Numbers are plain digits, JSON values must parse, and each refusal says what is wanted.
    for (const [args, message] of [
      [['pageSize', '0x20'], /pageSize: give a whole number \(got "0x20"\)/],
      [['firstRunDays', '1e3'], /firstRunDays: give a whole number/],
      [['firstRunDays', '0'], /firstRunDays: Give at least 1 day\./],
      [['destinations', '{bad'], /destinations: the value is not valid JSON/],
      // A misspelt key would otherwise be dropped, and the destinations saved as none.
      [['destinations', '{"webhok":{"url":"https://hooks.example.com/in"}}'], /destinations: Unknown key "webhok"/],
      [['confirmShipments', 'yes'], /confirmShipments: Give true or false\./],
      [['pollIntervalSeconds', '-5'], /Unknown option '-5'\. To give a value that starts with -, put -- before it/],
      [['pollIntervalSeconds', '--', '-5'], /pollIntervalSeconds: Poll at most every 15 seconds/],
    ] as const) {
      await expectRefused(['config', 'set', ...args], message);
    }
    // A date typed now that has passed is refused, as Setup refuses it. One stored while it was
    // ahead that has passed since (written here as the ledger would hold it) reads as expired.
    await expectRefused(['config', 'set', 'secretExpiresOn', '2020-01-01'], /^config: secretExpiresOn: .*passed/m);
    const ledger = new DatabaseSync(join(dataDir, 'ledger.sqlite'));
    ledger.prepare(`UPDATE settings SET value = '"2020-01-01"' WHERE key = 'secretExpiresOn'`).run();
    ledger.close();
    expect((await cli(['status'])).stdout).toMatch(/Client secret: EXPIRED on 2020-01-01 \(\d+ days ago\): add a new Shared Secret/);
    expect((await cli(['config', 'set', 'secretExpiresOn', SETUP_EXPIRY])).code).toBe(0);
    // A folder or file named here is checked when it is set, not at the next sync.
    await expectRefused(['config', 'set', 'trackingInboxDir', '/nonexistent/inbox'], /The tracking inbox folder \/nonexistent\/inbox does not exist/);
    await expectRefused([...setupArgs(), '--ca-file', '/nonexistent/ca.pem'], /--ca-file: Cannot use the CA file \/nonexistent\/ca\.pem: ENOENT/, secrets());
    await expectRefused(['config', 'set', 'caFile', '/nonexistent/ca.pem'], /^config: caFile: Cannot use the CA file \/nonexistent\/ca\.pem: ENOENT/m);
    // Digits only: "" is not "any port", and 0x50 is not 80.
    await expectRefused(['run', '--port', ''], /--port must be a whole number from 0 to 65535 \(got ""\)/);
    await expectRefused(['run', '--port', '0x50'], /--port must be a whole number from 0 to 65535 \(got "0x50"\)/);
  });

  it('queues tracking numbers once, and names each bad CSV row', async () => {
    const added = await cli(['tracking', 'add', '--shipment', 'SH000001', '--tracking', '1Z999', '--carrier', 'UPS', '--weight', '2.5']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/Queued tracking 1Z999/);
    expect((await cli(['tracking', 'add', '--shipment', 'SH000001', '--tracking', '1Z999'])).stdout).toMatch(/already queued/);
    expect((await cli(['tracking', 'add', '--order', 'SO-SO1', '--tracking', 'X'])).code).toBe(2);
    // Typed as flags, a refusal names the flag, not the CSV column.
    await expectRefused(['tracking', 'add', '--shipment', 'SH1', '--tracking', 'X', '--weight', 'heavy'], /^tracking: --weight "heavy" is not a number of 0 or more$/m);
    await expectRefused(['tracking', 'add', '--shipment', '', '--tracking', 'X'], /^tracking: Give exactly one of --shipment NBR or --order TYPE:NBR$/m);
    await expectRefused(['tracking', 'add', '--shipment', 'SH1', '--tracking', 'X', '--box', 'B'.repeat(31)], /^tracking: --box is longer than 30 characters$/m);
    await expectRefused(['tracking', 'frobnicate'], /^tracking: say add, import, list, retry or dismiss \(got "frobnicate"\)/m);

    const csv = join(dataDir, 'tracking.csv');
    writeFileSync(csv, '\uFEFFShipmentNbr,OrderType,OrderNbr,TrackingNbr,Carrier,Weight\r\nSH000002,,,1Z1000,UPS,1.2\r\n,,,1Z1001,UPS,1\r\n,SO,SO000001,1Z1002,FedEx,abc\r\n,SO,SO000001,1Z1003,FedEx,3\r\n');
    const imported = await cli(['tracking', 'import', csv]);
    expect(imported.code).toBe(2);
    expect(imported.stdout).toMatch(/2 queued, 0 already queued, 2 rejected/);
    expect(imported.stderr).toMatch(/line 3: Give ShipmentNbr, or OrderType and OrderNbr/);
    expect(imported.stderr).toMatch(/line 4: Weight "abc" is not a number/);
    // 1Z1000 fails in Acumatica; the same file imported again does not call it "already queued".
    const db = new DatabaseSync(join(dataDir, 'ledger.sqlite'));
    db.prepare(`UPDATE tracking_queue SET status = 'failed', error = 'Shipment SH000002 does not exist in Acumatica.' WHERE tracking_nbr = '1Z1000'`).run();
    db.close();
    const again = await cli(['tracking', 'import', csv]);
    expect(again.stdout).toMatch(/0 queued, 1 already queued, 2 rejected\. 1 failed before and was not queued again \(see "tracking list"\): run "tracking retry ID"/);
    const [failedOne] = JSON.parse((await cli(['tracking', 'list', '--status', 'failed', '--json'])).stdout) as { id: number; trackingNbr: string }[];
    expect(failedOne?.trackingNbr).toBe('1Z1000');
    expect((await cli(['tracking', 'retry', String(failedOne!.id)])).code).toBe(0);
    // Each said in the operator's history, as the dashboard's queueing and retrying are (before: nothing).
    const history = new DatabaseSync(join(dataDir, 'ledger.sqlite'), { readOnly: true });
    const entries = history.prepare(`SELECT kind, message FROM activity_log WHERE kind IN ('tracking.queued', 'tracking.imported', 'tracking.requeued') ORDER BY id`).all();
    history.close();
    expect(entries).toEqual([
      { kind: 'tracking.queued', message: 'Tracking 1Z999 queued for writeback from the command line.' },
      { kind: 'tracking.imported', message: `Tracking file ${csv} imported from the command line: 2 queued, 0 already known, 2 rejected.` },
      { kind: 'tracking.imported', message: `Tracking file ${csv} imported from the command line: 0 queued, 2 already known, 2 rejected.` },
      { kind: 'tracking.requeued', message: `Tracking #${failedOne!.id} was queued again from the command line: it is posted at the next sync.` },
    ]);

    const empty = join(dataDir, 'empty.csv');
    writeFileSync(empty, '');
    await expectRefused(['tracking', 'import', empty], /empty\.csv: The file has no header row/);

    // Blank lines after the header, a quoted newline, an extra field, a shipment and an order, terminal escapes.
    const messy = join(dataDir, 'messy.csv');
    writeFileSync(
      messy,
      Buffer.concat([
        Buffer.from('ShipmentNbr,OrderType,OrderNbr,TrackingNbr,Carrier,Weight\n\n\nSH000003,,,"multi\nline",UPS,1\nSH000004,,,TRK-X,UPS,1,extra\n'),
        Buffer.from('SH000005,SO,SO000002,TRK-Y,UPS,1\nSH000006,,,TRK-Z,UPS,'),
        Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0x07, 0x00, 0x9b]),
        Buffer.from('\nSH000007,,,TRK-OK,UPS,2,,\n'),
      ]),
    );
    const rejected = await cli(['tracking', 'import', messy]);
    expect(rejected.code).toBe(2);
    expect(rejected.stdout).toMatch(/1 queued, 0 already queued, 4 rejected/);
    expect(rejected.stderr).toMatch(/^line 4: TrackingNbr must be one line of printable text$/m);
    expect(rejected.stderr).toMatch(/^line 6: The row has 7 fields, more than the header's 6$/m);
    expect(rejected.stderr).toMatch(/^line 7: Give ShipmentNbr, or OrderType and OrderNbr, not both$/m);
    expect(rejected.stderr).toMatch(/^line 8: Weight "\\u001b\[2J\\u0007\\u0000\uFFFD" is not a number of 0 or more$/m);
    expect(rejected.stderr.replaceAll('\n', '')).not.toMatch(/\p{Cc}/u);

    const queued = await cli(['tracking', 'list', '--status', 'queued', '--json']);
    expect(queued.code, queued.stderr).toBe(0);
    expect((JSON.parse(queued.stdout) as { trackingNbr: string }[]).map((row) => row.trackingNbr)).toEqual(expect.arrayContaining(['1Z999', '1Z1000', '1Z1003', 'TRK-OK']));
    expect(queued.stdout).not.toMatch(/TRK-X|TRK-Y|TRK-Z|multi/);
    await expectRefused(['tracking', 'retry', '1'], /Tracking #1 is queued: only a failed or dismissed number can be retried/);
    await expectRefused(['tracking', 'retry', '9999'], /Tracking #9999 does not exist/);
    const notANumber = await cli(['tracking', 'retry', 'abc']);
    expect(notANumber.code).toBe(2);
    expect(notANumber.stderr).toMatch(/tracking: ID must be a whole number above 0 \(got "abc"\)/);
    expect(notANumber.stderr).not.toMatch(/--ID/);
    const tooLarge = await cli(['tracking', 'retry', '99999999999999999999']);
    expect(tooLarge.code).toBe(2);
    expect(tooLarge.stderr).toMatch(/ID 99999999999999999999 is larger than any id/);
    expect(tooLarge.stderr).not.toMatch(/#1000/);

    const noneFailed = await cli(['tracking', 'list']);
    expect(noneFailed.code, noneFailed.stderr).toBe(0);
    expect(noneFailed.stdout.trim()).toBe('No failed tracking numbers (use --status queued|posted|failed|dismissed).');
    expect((await cli(['--help'])).stdout).toMatch(/tracking list \[--status queued\|posted\|failed\|dismissed \(default: failed\)\]/);
  });

  it('lists delivery jobs, refuses to retry one that is not parked or does not exist, and stores the webhook secrets only from the environment', async () => {
    const list = await cli(['deliveries', 'list', '--status', 'parked', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
    expect((await cli(['deliveries', 'list', '--status', 'lost'])).code).toBe(2);
    const noneParked = await cli(['deliveries', 'list']);
    expect(noneParked.code, noneParked.stderr).toBe(0);
    expect(noneParked.stdout.trim()).toBe('No parked deliveries (use --status pending|parked|delivered|dropped).');
    expect((await cli(['--help'])).stdout).toMatch(/deliveries list \[--status pending\|parked\|delivered\|dropped \(default: parked\)\]/);
    const retry = await cli(['deliveries', 'retry', '999']);
    expect(retry.code).toBe(2);
    expect(retry.stderr).toMatch(/Delivery #999 does not exist/);
    await expectRefused(['deliveries', 'retry', 'abc'], /deliveries: ID must be a whole number above 0 \(got "abc"\)/);
    await expectRefused(['deliveries', 'retry', '99999999999999999999'], /ID 99999999999999999999 is larger than any id/);
    await expectRefused(['deliveries', 'set-webhook-secrets'], /^deliveries: Set DROPSTREAM_WEBHOOK_API_KEY and DROPSTREAM_WEBHOOK_SIGNING_SECRET \(/m);
    // One of the two set: the message names only the other.
    await expectRefused(['deliveries', 'set-webhook-secrets'], /^deliveries: Set DROPSTREAM_WEBHOOK_SIGNING_SECRET as well: the two are stored together/m, { DROPSTREAM_WEBHOOK_API_KEY: 'wh-key-7f3a9c' });
    const stored = await cli(['deliveries', 'set-webhook-secrets'], { DROPSTREAM_WEBHOOK_API_KEY: 'wh-key-7f3a9c', DROPSTREAM_WEBHOOK_SIGNING_SECRET: 'wh-signing-55e1b0' });
    expect(stored.code, stored.stderr).toBe(0);
    const vaultBytes = readFileSync(join(dataDir, 'secrets.vault'));
    expect(vaultBytes.includes(Buffer.from('wh-key-7f3a9c'))).toBe(false);
    await expectRefused(['config', 'set', 'destinations', '{"webhook":{"url":"http://example.com/hook"},"folder":null}'], /https:\/\//);
  });

  it('dismisses a parked delivery (closed unsent, its last error kept), and refuses one that is not parked or does not exist', async () => {
    // A parked job, as a destination's permanent refusal leaves it.
    const db = new DatabaseSync(join(dataDir, 'ledger.sqlite'));
    const parked = db
      .prepare(
        `INSERT INTO outbox (entity, record_key, idempotency_key, destination, status, attempts, next_attempt_at, last_error, created_at, updated_at)
         VALUES ('order', 'SO/SO777777', 'order:SO/SO777777@2026-01-01T00:00:00Z', 'webhook', 'parked', 10, 0, 'The webhook answered 410.', 0, 0) RETURNING id`,
      )
      .get() as { id: number };
    db.close();
    const dismissed = await cli(['deliveries', 'dismiss', String(parked.id)]);
    expect(dismissed.code, dismissed.stderr).toBe(0);
    expect(dismissed.stdout).toMatch(new RegExp(`Delivery #${parked.id} was dismissed: it will not be sent`));
    const dropped = JSON.parse((await cli(['deliveries', 'list', '--status', 'dropped', '--json'])).stdout) as { id: number; lastError: string }[];
    expect(dropped.find((job) => job.id === parked.id)?.lastError).toBe('Dismissed from the command line. Last error: The webhook answered 410.');
    await expectRefused(['deliveries', 'dismiss', String(parked.id)], new RegExp(`Delivery #${parked.id} is dropped, not parked: only a parked delivery can be dismissed`));
    await expectRefused(['deliveries', 'dismiss', '999'], /Delivery #999 does not exist/);
    await expectRefused(['deliveries', 'dismiss'], /dismiss: give the job number/);
  });

  it('dismisses a failed tracking number (closed unposted, its last error kept), keeps it dismissed when the row comes again, and refuses one that is not failed', async () => {
    const db = new DatabaseSync(join(dataDir, 'ledger.sqlite'));
    const failed = db
      .prepare(
        `INSERT INTO tracking_queue (shipment_nbr, tracking_nbr, status, attempts, error, created_at, updated_at)
         VALUES ('SH404404', '1ZGONE', 'failed', 1, 'Shipment SH404404 does not exist in Acumatica.', 0, 0) RETURNING id`,
      )
      .get() as { id: number };
    db.close();
    const dismissed = await cli(['tracking', 'dismiss', String(failed.id)]);
    expect(dismissed.code, dismissed.stderr).toBe(0);
    expect(dismissed.stdout).toMatch(new RegExp(`Tracking 1ZGONE \\(#${failed.id}\\) was dismissed: it will not be written to Acumatica`));
    const listed = JSON.parse((await cli(['tracking', 'list', '--status', 'dismissed', '--json'])).stdout) as { id: number; error: string }[];
    expect(listed).toMatchObject([{ id: failed.id, error: 'Dismissed from the command line. Last error: Shipment SH404404 does not exist in Acumatica.' }]);
    const again = await cli(['tracking', 'add', '--shipment', 'SH404404', '--tracking', '1ZGONE']);
    expect(again.stdout).toMatch(new RegExp(`Tracking 1ZGONE was dismissed before \\(#${failed.id}; see "tracking list --status dismissed"\\) and is not written to Acumatica\\. Run "tracking retry ${failed.id}" to send it after all`));
    await expectRefused(['tracking', 'dismiss', String(failed.id)], new RegExp(`Tracking #${failed.id} is dismissed, not failed: only a failed number can be dismissed`));
    // Dismissed by mistake: retry undoes it.
    const undone = await cli(['tracking', 'retry', String(failed.id)]);
    expect(undone.code, undone.stderr).toBe(0);
    expect((JSON.parse((await cli(['tracking', 'list', '--status', 'queued', '--json'])).stdout) as { id: number }[]).map((row) => row.id)).toContain(failed.id);
    await expectRefused(['tracking', 'dismiss', '9999'], /Tracking #9999 does not exist/);
    await expectRefused(['tracking', 'dismiss'], /dismiss: give the number's id/);
  });

  it('writes a diagnostics bundle with no secret in it', async () => {
    const out = join(dataDir, 'support.json');
    // A line the service wrote (another process, another log file), echoing the password: the
    // bundle carries the service's lines, scrubbed like its own.
    appendFileSync(join(dataDir, 'logs', 'service.log'), `${JSON.stringify({ level: 30, time: Date.now(), msg: `service cycle failed near ${sim.credentials.password} after ${sim.inspect.issuedTokens().refresh.at(-1)}` })}\n`);
    const result = await cli(['diagnostics', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const bundle = readFileSync(out, 'utf8');
    const { logLines } = JSON.parse(bundle) as { logLines: Record<string, string[]> };
    expect(logLines.service?.at(-1)).toMatch(/service cycle failed near \[redacted\S* after \[redacted/i);
    expect(logLines.cli?.length).toBeGreaterThan(0);
    expect(JSON.parse(bundle)).toHaveProperty('status.connection.kind');
    // Credential health is dates and day counts, which support needs: not taken for secrets.
    expect(JSON.parse(bundle)).toMatchObject({ status: { secretExpiry: { expiresOn: expect.any(String) }, refreshTokenHealth: { slidingWindowDays: 15 } } });
    expect(bundle).not.toContain(sim.credentials.clientSecret);
    expect(bundle).not.toContain(sim.credentials.password);
    const { access, refresh } = sim.inspect.issuedTokens();
    expect(access.length + refresh.length).toBeGreaterThan(0);
    for (const token of [...access, ...refresh]) expect(bundle).not.toContain(token);

    await expectRefused(['diagnostics', '--out', join(dataDir, 'no-such-folder', 'support.json')], /--out: cannot write .*no-such-folder.* \(ENOENT\)/);
  });

  it('rotates the client secret only after the new one works', async () => {
    const wrong = await cli(['rotate-secret'], { DROPSTREAM_NEW_CLIENT_SECRET: 'not-the-secret' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/old secret/);
    expect((await cli(['sync', '--once'])).code).toBe(0);

    // Copied with a space around it: refused as the form refuses it, without a token request.
    const grants = sim.inspect.grants().length;
    await expectRefused(['rotate-secret'], /DROPSTREAM_NEW_CLIENT_SECRET: The new Client Secret starts or ends with a space/, { DROPSTREAM_NEW_CLIENT_SECRET: ` ${sim.admin.addSecret({}).value} ` });
    expect(sim.inspect.grants()).toHaveLength(grants);

    // The secret in use given as "new": rotating would be followed by removing the only one that works.
    await expectRefused(['rotate-secret'], /That is the secret already in use/, { DROPSTREAM_NEW_CLIENT_SECRET: sim.credentials.clientSecret });
    const fresh = sim.admin.addSecret({});
    await expectRefused(['rotate-secret', '--secret-expires-on', '2020-01-01'], /--secret-expires-on: 2020-01-01 has passed, .* or "never"\./, { DROPSTREAM_NEW_CLIENT_SECRET: fresh.value });
    const rotated = await cli(['rotate-secret', '--secret-expires-on', ROTATED_EXPIRY], { DROPSTREAM_NEW_CLIENT_SECRET: fresh.value });
    expect(rotated.code, rotated.stderr).toBe(0);
    sim.admin.removeSecret(sim.credentials.clientSecret);
    const after = await cli(['sync', '--once', '--json']);
    expect(after.code, after.stderr).toBe(0);
    expect((await cli(['config', 'get', 'secretExpiresOn'])).stdout.trim()).toBe(ROTATED_EXPIRY);

    // Without the new secret's date, the old one's must not count down to a false "expired".
    const next = sim.admin.addSecret({});
    const undated = await cli(['rotate-secret'], { DROPSTREAM_NEW_CLIENT_SECRET: next.value });
    expect(undated.code, undated.stderr).toBe(0);
    expect(undated.stdout).toContain('No --secret-expires-on was given, so no expiry date is recorded and no reminder will come.');
    expect((await cli(['config', 'get', 'secretExpiresOn'])).stdout.trim()).toBe('none');
  });

  it('reads relative paths from the folder npm was run in, and stops quietly when the reader closes the pipe', async () => {
    const callerDir = mkdtempSync(join(tmpdir(), 'ds-caller-'));
    // What `npm run -s connector` passes: it starts the script in the package folder.
    const viaNpm = await cli(['diagnostics', '--out', 'bundle.json'], { npm_lifecycle_event: 'connector', INIT_CWD: callerDir });
    expect(viaNpm.code, viaNpm.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(callerDir, 'bundle.json'), 'utf8'))).toHaveProperty('status');

    // `DROPSTREAM_DATA_DIR=svc npm run headless`: the service's folder is the one beside the admin.
    const service = startCli(['run'], { DROPSTREAM_DATA_DIR: 'svc', DROPSTREAM_VAULT_KEY: VAULT_KEY, npm_lifecycle_event: 'headless', INIT_CWD: callerDir });
    let printed = '';
    service.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const stopped = new Promise((resolve) => service.once('close', resolve));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the service printed no data folder: ${printed}`)), 15_000);
      service.stdout!.on('data', () => /Data folder: /.test(printed) && (clearTimeout(timer), resolve()));
    });
    service.kill('SIGTERM');
    await stopped;
    expect(printed).toContain(`Data folder: ${join(callerDir, 'svc')}.`);

    // `connector config list | head -1`: the pipe closes before the command prints.
    const child = startCli(['config', 'list'], env);
    child.stdout!.destroy();
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });

  it('refuses a data folder that holds no connector, without creating one', async () => {
    const typo = join(tmpdir(), `ds-no-such-folder-${process.pid}`);
    await expectRefused(['--data-dir', typo, 'status'], /holds no connector data\. Check --data-dir/);
    expect(existsSync(typo)).toBe(false);
  });

  it('refuses a --data-dir that names a file, naming the flag, and leaves the file as it was', async () => {
    // A path mistyped onto a file: setup and config set start a data folder there, and failed with exit 1 and "ENOTDIR: mkdir .../logs".
    const file = join(mkdtempSync(join(tmpdir(), 'ds-cli-file-')), 'not-a-folder.txt');
    writeFileSync(file, 'keep me');
    await expectRefused(['--data-dir', file, 'config', 'set', 'pageSize', '100'], /^config: --data-dir: .*not-a-folder\.txt is a file, not a folder/m);
    await expectRefused(['--data-dir', file, 'run', '--port', '0'], /^run: --data-dir: .*is a file, not a folder/m);
    await expectRefused(['setup', '--instance-url', sim.baseUrl, '--client-id', sim.credentials.clientId, '--username', 'dropstream'], /^setup: --data-dir: .*is a file, not a folder/m, {
      DROPSTREAM_DATA_DIR: file,
      DROPSTREAM_CLIENT_SECRET: sim.credentials.clientSecret,
      DROPSTREAM_PASSWORD: sim.credentials.password,
    });
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  // procfs exists on Linux only. It answers ENOENT for a new folder, which sent mkdir into an endless loop.
  it.skipIf(process.platform !== 'linux')('fails with the reason when the data folder cannot be made', async () => {
    const proc = await cli(['--data-dir', '/proc/dropstream-no-such', 'config', 'set', 'pageSize', '100']);
    expect(proc.code).toBe(1);
    expect(proc.stderr).toMatch(/ENOENT.*\/proc\/dropstream-no-such/);
  });

  it('keeps the stored CA file, expiry and endpoint when setup runs again without them', async () => {
    const https = await startSimulator({ https: true, orders: 20 });
    try {
      const folder = mkdtempSync(join(tmpdir(), 'ds-cli-again-'));
      const caFile = join(folder, 'internal-ca.pem');
      writeFileSync(caFile, https.caPem!);
      const own = { DROPSTREAM_DATA_DIR: folder, DROPSTREAM_VAULT_KEY: VAULT_KEY };
      const login = ['setup', '--instance-url', https.baseUrl, '--client-id', https.credentials.clientId, '--username', https.credentials.username];
      const first = await runCli([...login, '--ca-file', caFile, '--secret-expires-on', SETUP_EXPIRY, '--endpoint-version', '23.200.001'], {
        ...own,
        DROPSTREAM_CLIENT_SECRET: https.credentials.clientSecret,
        DROPSTREAM_PASSWORD: https.credentials.password,
      });
      expect(first.code, first.stderr).toBe(0);

      // The integration user's password changed: setup again with only what changed.
      https.admin.setPassword(https.credentials.username, 'Changed-Password-2');
      const again = await runCli(login, { ...own, DROPSTREAM_PASSWORD: 'Changed-Password-2' });
      expect(again.code, again.stderr).toBe(0);
      const setting = async (key: string) => (await runCli(['config', 'get', key], own)).stdout.trim();
      expect(await setting('caFile')).toBe(caFile);
      expect(await setting('secretExpiresOn')).toBe(SETUP_EXPIRY);
      expect(await setting('endpointVersion')).toBe('23.200.001');
      const sync = await runCli(['sync', '--once'], own);
      expect(sync.code, sync.stderr).toBe(0);

      // Dropped only when asked.
      const cleared = await runCli([...login, '--ca-file', 'none', '--secret-expires-on', 'never', '--endpoint-version', 'auto'], own);
      expect(cleared.code, cleared.stderr).toBe(0);
      expect([await setting('caFile'), await setting('secretExpiresOn'), await setting('endpointVersion')]).toEqual(['none', 'none', 'auto']);
    } finally {
      await https.stop();
    }
  });

  it('says which key cannot open the stored secrets, and changes nothing, when the vault key differs', async () => {
    const own = await startSimulator({ orders: 20 });
    try {
      const folder = mkdtempSync(join(tmpdir(), 'ds-cli-key-'));
      const serviceKey = { DROPSTREAM_DATA_DIR: folder, DROPSTREAM_VAULT_KEY: VAULT_KEY };
      const { clientId, clientSecret, username, password } = own.credentials;
      const login = ['setup', '--instance-url', own.baseUrl, '--client-id', clientId, '--username', username];
      const typed = { DROPSTREAM_CLIENT_SECRET: clientSecret, DROPSTREAM_PASSWORD: password, DROPSTREAM_NEW_CLIENT_SECRET: 'another-secret' };
      const setup = await runCli(login, { ...serviceKey, ...typed });
      expect(setup.code, setup.stderr).toBe(0);
      const vault = join(folder, 'secrets.vault');
      const stored = readFileSync(vault);

      // A shell with another key: each command that needs the secrets stops before using or replacing them.
      const otherShell = { DROPSTREAM_DATA_DIR: folder, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 3).toString('base64') };
      for (const args of [['sync', '--once'], ['test-connection'], login, ['rotate-secret']]) {
        const result = await runCli(args, { ...otherShell, ...typed });
        expect(result.code, args.join(' ')).toBe(1);
        expect(result.stderr).toContain(`The secrets in ${vault} cannot be decrypted with the key in DROPSTREAM_VAULT_KEY. If the service runs with another DROPSTREAM_VAULT_KEY, set that one in this shell.`);
        expect(result.stderr).toContain(`delete ${vault}, then run "connector setup"`);
      }
      expect((await runCli(['status'], otherShell)).stdout).toMatch(/^Fix: The secrets in .* cannot be decrypted/m);
      expect(readFileSync(vault).equals(stored)).toBe(true);
      const withServiceKey = await runCli(['sync', '--once'], serviceKey);
      expect(withServiceKey.code, withServiceKey.stderr).toBe(0);
    } finally {
      await own.stop();
    }
  });

  it('answers an unknown command or no command with usage and exit 2', async () => {
    await expectRefused(['frobnicate'], /Unknown command "frobnicate"/);
    expect((await cli([])).code).toBe(2);
    expect((await cli(['--help'])).code).toBe(0);
  });

  // Skipped on Windows: the test makes a symbolic link, which needs a privilege the runner may not have.
  it.skipIf(process.platform === 'win32')('runs from a project folder whose path has a space or a link in it', async () => {
    // C:\Program Files\..., ~/My Projects/..., or macOS's /tmp (a link to /private/tmp): the script's
    // own URL then differs from the path node was given, and the command did nothing, exit 0.
    const parent = mkdtempSync(join(tmpdir(), 'ds-cli-path-'));
    try {
      const project = join(parent, 'My Projects', 'dropstream');
      mkdirSync(dirname(project));
      symlinkSync(process.cwd(), project, 'dir');
      const script = join(project, 'main', 'headless', 'cli.ts');
      for (const flags of [[], ['--preserve-symlinks-main']]) {
        const result = spawnSync(process.execPath, [...flags, script, '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
        expect(result.status, flags.join(' ')).toBe(0);
        expect(result.stdout, flags.join(' ')).toMatch(/^Usage: npm run -s connector -- \[--data-dir DIR\] <command>/);
      }
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe('a ledger another process keeps locked', () => {
  it('a command that cannot write it says the ledger is locked by another program (exit 1), not a bare SQLite error', async () => {
    const own = mkdtempSync(join(tmpdir(), 'ds-cli-locked-'));
    const ownEnv = { DROPSTREAM_DATA_DIR: own, DROPSTREAM_VAULT_KEY: VAULT_KEY };
    try {
      expect((await runCli(['config', 'set', 'pageSize', '100'], ownEnv)).code).toBe(0);
      // A writer that does not let go within the busy timeout (5 s): a long write, a database tool.
      const holder = new DatabaseSync(join(own, 'ledger.sqlite'));
      holder.exec('BEGIN IMMEDIATE');
      try {
        const result = await runCli(['config', 'set', 'pageSize', '200'], ownEnv);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^config failed: The connector's ledger \(ledger\.sqlite in its data folder\) stayed locked by another program \(SQLite: database is locked\)/);
      } finally {
        holder.exec('ROLLBACK');
        holder.close();
      }
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('counts the stock items a failed cycle left to look up, instead of printing their list', async () => {
    const own = mkdtempSync(join(tmpdir(), 'ds-cli-lookups-'));
    const ownCli = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCli(args, { DROPSTREAM_DATA_DIR: own, DROPSTREAM_VAULT_KEY: VAULT_KEY, ...extra });
    try {
      // Its own secret: an earlier test rotates the simulator's first one away.
      const setup = await ownCli(setupArgs(), { ...secrets(), DROPSTREAM_CLIENT_SECRET: sim.admin.addSecret({}).value });
      expect(setup.code, setup.stderr).toBe(0);
      expect((await ownCli(['sync', '--once'])).code).toBe(0);
      const order = sim.admin.createOrder({ orderType: 'SO', status: 'Open', lines: 3 });
      const skus = new Set(order.lines.map((line) => line.inventoryId));
      // The stock item pass's page passes; the lookup of the new order's SKUs fails.
      sim.faults.serverError({ path: /\/StockItem$/, skip: 1, times: 1 });
      expect((await ownCli(['sync', '--once'])).code).toBe(1);
      const text = (await ownCli(['status'])).stdout;
      expect(text).toContain(`Stock items waiting to be looked up: ${skus.size}\n`);
      expect(text).not.toContain('StockItem:lookups');
      const json = JSON.parse((await ownCli(['status', '--json'])).stdout) as { cursors: { name: string }[]; syncOnce: unknown; stockItemLookupsPending: number };
      expect(json.syncOnce).toBeNull();
      expect(json.stockItemLookupsPending).toBe(skus.size);
      // A count of their own, not a sync position among the cursors.
      expect(json.cursors.map((c) => c.name)).not.toContain('StockItem:lookups');
      // And the support bundle says so too.
      const bundlePath = join(own, 'support.json');
      expect((await ownCli(['diagnostics', '--out', bundlePath])).code).toBe(0);
      expect(JSON.parse(readFileSync(bundlePath, 'utf8'))).toMatchObject({ stockItemLookupsPending: skus.size });
      expect((await ownCli(['sync', '--once'])).code).toBe(0);
      expect((await ownCli(['status'])).stdout).not.toContain('Stock items waiting');
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});
