// `status`: connection state, cursors, last and next run, secret expiry.
import { parseFlags } from '../cli-args.ts';
import { EXIT, type Command } from '../cli-types.ts';
import { describeConnection } from '../describe-connection.ts';
import { describeNextSync } from '../describe-next-sync.ts';
import { livePoller } from '../../engine/poller-lease.ts';
import type { PollerLease } from '../../store/index.ts';
import { unreadableVaultAdvice, withEngine } from './with-engine.ts';

export const statusCommand: Command = {
  name: 'status',
  summary: 'connection state, sync positions, secret expiry',
  usage: 'status [--json]',
  async run(context, args) {
    const { values } = parseFlags(args, { json: { type: 'boolean' } });
    return withEngine(context, async (engine) => {
      const { connector } = engine;
      const status = connector.status();
      const cursors = connector.ledger.cursors.listCursors().map((cursor) => ({
        name: cursor.entity,
        position: cursor.value,
        updatedAt: new Date(cursor.updatedAt).toISOString(),
      }));
      // SKUs a failed cycle left to look up as stock items: a count, the list can run to thousands.
      const stockItemLookupsPending = connector.ledger.pendingLookups.count();
      const lastCycleAt = cursors.reduce<string | null>((latest, c) => (latest === null || c.updatedAt > latest ? c.updatedAt : latest), null);
      const poller = livePoller(connector.ledger.pollerLease, { now: Date.now });
      const service = poller?.kind === 'service' ? { pid: poller.pid, port: poller.port, startedAt: iso(poller.startedAt) } : null;
      const desktopApp = poller?.kind === 'desktop' ? { pid: poller.pid, startedAt: iso(poller.startedAt) } : null;
      const syncOnce = poller?.kind === 'sync-once' ? { pid: poller.pid, startedAt: iso(poller.startedAt) } : null;
      if (values.json) {
        context.out(JSON.stringify({ ...status, lastSyncAt: status.lastSyncAt ?? lastCycleAt, service, desktopApp, syncOnce, cursors, stockItemLookupsPending }, null, 2));
        return EXIT.ok;
      }
      // Without a service, nothing here syncs between commands, whatever "next run" the state names.
      context.out(`Service: ${describeService(poller)}`);
      context.out(`State: ${describeConnection(status.connection)}`);
      const vaultAdvice = await unreadableVaultAdvice(engine, context.dataDir);
      if (vaultAdvice) context.out(`Fix: ${vaultAdvice}`);
      context.out(`Last sync: ${status.lastSyncAt ?? lastCycleAt ?? 'never'}`);
      context.out(`Next sync: ${describeNextSync(status, poller, Date.now())}`);
      context.out(`Orders: ${status.counts.ordersTotal} in the ledger, ${status.counts.importedToday} imported today`);
      if (stockItemLookupsPending > 0) context.out(`Stock items waiting to be looked up: ${stockItemLookupsPending}`);
      const secret = status.secret;
      context.out(`Client secret: ${describeExpiry(secret.expiresOn, secret.daysLeft)}`);
      for (const cursor of cursors) context.out(`Cursor ${cursor.name}: ${cursor.position}`);
      return EXIT.ok;
    });
  },
};

function describeService(poller: PollerLease | null): string {
  if (poller === null) return '"connector run" is not running on this data folder';
  if (poller.kind === 'desktop') return `"connector run" is not running; the desktop app syncs this data folder (process ${poller.pid}, since ${iso(poller.startedAt)})`;
  if (poller.kind === 'sync-once') return `"connector run" is not running; "connector sync --once" is syncing this data folder (process ${poller.pid}, since ${iso(poller.startedAt)})`;
  return `running since ${iso(poller.startedAt)} (process ${poller.pid}${poller.port === null ? ', starting' : `, port ${poller.port}`})`;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function describeExpiry(expiresOn: string | null, daysLeft: number | null): string {
  if (expiresOn === null || daysLeft === null) return 'no expiry date recorded';
  if (daysLeft < 0) return `EXPIRED on ${expiresOn} (${-daysLeft} days ago): add a new Shared Secret in Acumatica and run "connector rotate-secret"`;
  if (daysLeft === 0) return `expires today (${expiresOn}): run "connector rotate-secret" now`;
  return `expires ${expiresOn} (in ${daysLeft} days)`;
}
