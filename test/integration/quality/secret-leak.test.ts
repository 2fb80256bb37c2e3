// A full run with distinctive secret values, then a search of everything the connector wrote or
// said for them and for every token the simulator issued: the data folder byte for byte, the
// exports, the diagnostics bundle, webhook requests (bar the API-key header, which must carry the
// key), the service's event stream and the output of every process. Zero hits.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService } from '../../../scripts/quality/service-process.ts';
import { startWebhookSink, type WebhookSink } from '../../../scripts/quality/webhook-sink.ts';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { filesUnder, findLeaks, text, type Haystack } from '../../support/leak-scan.ts';
import { runCli } from '../../support/run-cli.ts';

const SECRETS = {
  clientSecret: 'LeakCanary-ClientSecret-9f2b7d41c6',
  password: 'LeakCanary-Password-3e8a51d2',
  webhookApiKey: 'LeakCanary-ApiKey-d07c2f95ab',
  webhookSigningSecret: 'LeakCanary-Signing-6b19e3f0aa',
};

let sim: Simulator;
let sink: WebhookSink;
beforeAll(async () => {
  sim = await startSimulator({ orders: 60, seed: 5 });
  sim.admin.addSecret({ value: SECRETS.clientSecret });
  sim.admin.addUser({ username: 'leakprobe', password: SECRETS.password });
  sink = await startWebhookSink({ apiKey: SECRETS.webhookApiKey, signingSecret: SECRETS.webhookSigningSecret, capture: true });
});
afterAll(async () => {
  await sink.close();
  await sim.stop();
});

/** The service's SSE stream for `ms`, as raw text. */
function captureEvents(origin: string, token: string, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let captured = '';
    const req = get(`${origin}/api/events?token=${token}`, (res) => {
      res.on('data', (chunk: Buffer) => (captured += chunk.toString()));
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    setTimeout(() => {
      req.destroy();
      resolve(captured);
    }, ms);
  });
}

describe('secrets and tokens never leave the vault', () => {
  it('appear nowhere in the data folder, exports, webhook payloads, events or process output', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ds-leak-'));
    const exportDir = mkdtempSync(join(tmpdir(), 'ds-leak-export-'));
    const env = { DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 8).toString('base64') };
    const outputs: Haystack[] = [];
    const cli = async (args: string[], extra: Record<string, string> = {}) => {
      const result = await runCli(args, { ...env, ...extra });
      outputs.push(text(`stdout of ${args.slice(0, 2).join(' ')}`, result.stdout), text(`stderr of ${args.slice(0, 2).join(' ')}`, result.stderr));
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      return result;
    };

    await cli(['setup', '--instance-url', sim.baseUrl, '--client-id', sim.credentials.clientId, '--username', 'leakprobe'], { DROPSTREAM_CLIENT_SECRET: SECRETS.clientSecret, DROPSTREAM_PASSWORD: SECRETS.password });
    await cli(['deliveries', 'set-webhook-secrets'], { DROPSTREAM_WEBHOOK_API_KEY: SECRETS.webhookApiKey, DROPSTREAM_WEBHOOK_SIGNING_SECRET: SECRETS.webhookSigningSecret });
    mkdirSync(join(exportDir, 'orders'));
    await cli(['config', 'set', 'destinations', JSON.stringify({ webhook: { url: sink.url }, folder: { path: join(exportDir, 'orders'), format: 'json' } })]);
    await cli(['test-connection', '--json']);
    await cli(['sync', '--once', '--json']);
    // A refresh grant and a re-sign-in, so rotated tokens of both kinds exist to be leaked.
    sim.admin.expireAccessTokens();
    await cli(['sync', '--once', '--json']);
    const shipment = sim.inspect.shipments().find((s) => s.status === 'Open')!;
    await cli(['tracking', 'add', '--shipment', shipment.shipmentNbr, '--tracking', '1ZLEAK0001', '--box', 'SMALL']);
    sim.admin.closeAllSessions();
    await cli(['sync', '--once', '--json']);
    await cli(['status', '--json']);
    await cli(['deliveries', 'list', '--json']);
    await cli(['diagnostics', '--out', join(exportDir, 'support.json')]);

    const service = await startService(env);
    const events = captureEvents(service.origin, service.token, 3_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    sim.admin.expireAccessTokens();
    const [order] = sim.inspect.orders().filter((o) => o.orderType === 'SO' && o.status === 'Open');
    sim.admin.modifyOrder(order!.orderType, order!.orderNbr, { description: 'changed while the service runs' });
    await service.call('syncNow');
    const stream = await events;
    expect(await service.stop()).toBe(0);
    outputs.push(text('service stdout', service.output().stdout), text('service stderr', service.output().stderr), text('event stream', stream));

    expect(stream).toContain('event: cycle');
    expect(sink.captured.length).toBeGreaterThan(0);
    for (const request of sink.captured) expect(request.headers['x-dropstream-api-key']).toBe(SECRETS.webhookApiKey);
    const webhook = sink.captured.flatMap((request, index): Haystack[] => {
      const { ['x-dropstream-api-key']: _apiKey, ...headers } = request.headers;
      return [text(`webhook request ${index} headers`, JSON.stringify(headers)), text(`webhook request ${index} body`, request.body)];
    });
    const tokens = sim.inspect.issuedTokens();
    expect(tokens.access.length).toBeGreaterThanOrEqual(4);
    expect(tokens.refresh.length).toBeGreaterThanOrEqual(3);
    const needles = [
      ...Object.entries(SECRETS).map(([label, value]) => ({ label, value })),
      ...tokens.access.map((value, index) => ({ label: `access token ${index + 1}`, value })),
      ...tokens.refresh.map((value, index) => ({ label: `refresh token ${index + 1}`, value })),
    ];
    const haystacks = [...filesUnder(dataDir), ...filesUnder(exportDir), ...webhook, ...outputs];
    expect(haystacks.filter((h) => h.where.includes('ledger.sqlite')).length).toBeGreaterThan(0);
    expect(haystacks.filter((h) => h.where.includes(join(exportDir, 'orders'))).length).toBeGreaterThan(0);
    // The scan itself finds a planted value (a scan that can never hit proves nothing).
    expect(findLeaks(needles, [text('planted', `x${tokens.refresh[0]}x`)])).toHaveLength(1);
    expect(findLeaks(needles, haystacks)).toEqual([]);
  }, 60_000);
});
