// `diagnostics --out FILE`: a support bundle an admin can send: versions, settings (which hold no
// secret, bar what a webhook URL's query may carry: masked), status, sync positions, recent activity and log lines, every string redacted again.
// A ledger that cannot be opened (written by a newer release, an upgrade step failing, a failing
// drive) is when support needs a bundle most: then it holds the versions, the reason and the log
// lines.
import { closeSync, fchmodSync, fstatSync, openSync, writeFileSync } from 'node:fs';
import { arch, platform, release } from 'node:os';
import { join } from 'node:path';
import type { ConnectorStatus, Settings } from '../../../preload/api.ts';
import { REFRESH_TOKEN_SECRET, tokenStoreFromVault } from '../../acumatica/token-store.ts';
import { REDACTED, Redactor } from '../../log/index.ts';
import { recentLogLines } from '../../log/recent-lines.ts';
import { holdsSecret, openHeadlessVault, SECRET_NAMES, type Vault } from '../../vault/index.ts';
import { parseFlags } from '../cli-args.ts';
import { EXIT, UsageError, type CliContext, type Command } from '../cli-types.ts';
import { withEngine } from './with-engine.ts';

/** Per log (service, app, cli): the service's lines must not be crowded out by the command line's. */
const LOG_LINES = 500;

export const diagnosticsCommand: Command = {
  name: 'diagnostics',
  summary: 'write a support bundle without secrets',
  usage: 'diagnostics --out FILE',
  async run(context, args) {
    const { values } = parseFlags(args, { out: { type: 'string' } });
    if (!values.out) throw new UsageError('--out FILE is required.');
    const out = values.out;
    let opened = false;
    try {
      return await withEngine(context, async ({ connector, log }) => {
        opened = true;
        const redactor = log.redactor;
        await registerStoredSecrets(redactor, connector.vault);
        const bundle = {
          ...bundleBasics(context),
          settings: settingsForSupport(connector.settings.all()),
          status: statusForSupport(connector.status()),
          cursors: connector.ledger.cursors.listCursors(),
          stockItemLookupsPending: connector.ledger.pendingLookups.count(),
          recentErrors: connector.ledger.activity.listRecent({ limit: 100, minLevel: 'warn' }),
          recentActivity: connector.ledger.activity.listRecent({ limit: 200 }),
        };
        writeBundle(out, redactor.redact(bundle));
        context.out(`Wrote ${out} (no secrets: passwords, client secrets and tokens are redacted).`);
        return EXIT.ok;
      });
    } catch (error) {
      // A missing data folder or an unwritable --out is the admin's to fix; anything that stopped
      // the engine from opening is what the bundle is for.
      if (opened || error instanceof UsageError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      const redactor = new Redactor();
      const vault = await openHeadlessVault({ dataDir: context.dataDir, env: context.env }).catch(() => null);
      if (vault) await registerStoredSecrets(redactor, vault.vault);
      writeBundle(out, redactor.redact({ ...bundleBasics(context), ledgerUnavailable: reason }));
      context.out(`Wrote ${out} (no secrets), with versions and log lines only: the ledger could not be opened. ${redactor.redact(reason)}`);
      return EXIT.ok;
    }
  },
};

function bundleBasics(context: CliContext) {
  return {
    createdAt: new Date().toISOString(),
    versions: { connector: process.env.npm_package_version ?? '0.1.0', node: process.version, platform: `${platform()} ${release()} ${arch()}` },
    logLines: recentLogLines(join(context.dataDir, 'logs'), LOG_LINES),
  };
}

/**
 * Every stored secret, registered so any echo of one anywhere in the bundle (another process's
 * log line, a receiver's answer kept in an error) is scrubbed by value, not only by shape. The
 * refresh token is stored inside its grant's JSON; the token itself is what may be echoed.
 */
async function registerStoredSecrets(redactor: Redactor, vault: Vault): Promise<void> {
  for (const name of SECRET_NAMES.filter((secret) => holdsSecret(secret) && secret !== REFRESH_TOKEN_SECRET)) {
    const value = await vault.get(name).catch(() => undefined);
    if (value) redactor.registerSecretValue(value, name);
  }
  const grant = await tokenStoreFromVault(vault).load().catch(() => null);
  if (grant) redactor.registerSecretValue(grant.refreshToken, REFRESH_TOKEN_SECRET);
}

/**
 * Owner-only (0600) whether `out` is new or already there: the mode given to open applies only to
 * a file it creates, so an existing file is set to 0600 before the bundle goes into it. Through
 * its descriptor, so a link is followed once; a device or pipe (`/dev/stdout`) keeps its mode.
 */
function writeBundle(out: string, bundle: unknown): void {
  try {
    const fd = openSync(out, 'w', 0o600);
    try {
      if (fstatSync(fd).isFile()) fchmodSync(fd, 0o600);
      writeFileSync(fd, `${JSON.stringify(bundle, null, 2)}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new UsageError(`--out: cannot write ${out} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Give a file in a folder that exists and is writable.`);
  }
}

/**
 * The settings with every value in the webhook URL's query masked, names kept. A receiver's address
 * often carries its credential there (an Azure Functions `?code=` key, a Logic Apps `&sig=`), which
 * no redaction by key or by stored value recognises; support needs where it points, not those.
 */
function settingsForSupport(settings: Settings): Settings {
  const webhook = settings.destinations.webhook;
  const url = webhook ? URL.parse(webhook.url) : null;
  if (!webhook || url === null || (url.search === '' && url.hash === '')) return settings;
  url.search = [...url.searchParams.keys()].map((name) => `${encodeURIComponent(name)}=${REDACTED}`).join('&');
  url.hash = '';
  return { ...settings, destinations: { ...settings.destinations, webhook: { ...webhook, url: url.href } } };
}

/**
 * The status with its two credential-health parts under names the redactor does not take for
 * secrets: `secret` and `refreshToken` hold only dates, day counts and flags, which support needs.
 */
function statusForSupport(status: ConnectorStatus): Record<string, unknown> {
  const { secret, refreshToken, ...rest } = status;
  return { ...rest, secretExpiry: secret, refreshTokenHealth: refreshToken };
}
