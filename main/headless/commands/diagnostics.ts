// `diagnostics --out FILE`: a support bundle an admin can send: versions, settings (which hold no
// secret), status, sync positions, recent activity and log lines, every string redacted again.
import { writeFileSync } from 'node:fs';
import { arch, platform, release } from 'node:os';
import { join } from 'node:path';
import type { ConnectorStatus } from '../../../preload/api.ts';
import { REFRESH_TOKEN_SECRET, tokenStoreFromVault } from '../../acumatica/token-store.ts';
import { recentLogLines } from '../../log/recent-lines.ts';
import { SECRET_NAMES } from '../../vault/index.ts';
import { parseFlags } from '../cli-args.ts';
import { EXIT, UsageError, type Command } from '../cli-types.ts';
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
    return withEngine(context, async ({ connector, log }) => {
      const redactor = log.redactor;
      // Register every stored secret so any echo of one anywhere in the bundle (another process's
      // log line, a receiver's answer kept in an error) is scrubbed by value, not only by shape.
      // The refresh token is stored inside its grant's JSON; the token itself is what may be echoed.
      for (const name of SECRET_NAMES.filter((secret) => secret !== 'signInIdentity' && secret !== REFRESH_TOKEN_SECRET)) {
        const value = await connector.vault.get(name).catch(() => undefined);
        if (value) redactor.registerSecretValue(value, name);
      }
      const grant = await tokenStoreFromVault(connector.vault).load().catch(() => null);
      if (grant) redactor.registerSecretValue(grant.refreshToken, REFRESH_TOKEN_SECRET);
      const logLines = recentLogLines(join(context.dataDir, 'logs'), LOG_LINES);
      const bundle = {
        createdAt: new Date().toISOString(),
        versions: { connector: process.env.npm_package_version ?? '0.1.0', node: process.version, platform: `${platform()} ${release()} ${arch()}` },
        settings: connector.settings.all(),
        status: statusForSupport(connector.status()),
        cursors: connector.ledger.cursors.listCursors(),
        stockItemLookupsPending: connector.ledger.pendingLookups.count(),
        recentErrors: connector.ledger.activity.listRecent({ limit: 100, minLevel: 'warn' }),
        recentActivity: connector.ledger.activity.listRecent({ limit: 200 }),
        logLines,
      };
      try {
        writeFileSync(values.out!, `${JSON.stringify(redactor.redact(bundle), null, 2)}\n`, { mode: 0o600 });
      } catch (error) {
        throw new UsageError(`--out: cannot write ${values.out} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Give a file in a folder that exists and is writable.`);
      }
      context.out(`Wrote ${values.out} (no secrets: passwords, client secrets and tokens are redacted).`);
      return EXIT.ok;
    });
  },
};

/**
 * The status with its two credential-health parts under names the redactor does not take for
 * secrets: `secret` and `refreshToken` hold only dates, day counts and flags, which support needs.
 */
function statusForSupport(status: ConnectorStatus): Record<string, unknown> {
  const { secret, refreshToken, ...rest } = status;
  return { ...rest, secretExpiry: secret, refreshTokenHealth: refreshToken };
}
