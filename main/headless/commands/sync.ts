// `sync --once`: one full cycle now. `--since` re-imports everything changed since that date.
import { asAcumaticaError } from '../../acumatica/errors.ts';
import { IsoDate } from '../../../preload/api.ts';
import { parseFlags } from '../cli-args.ts';
import { EXIT, UsageError, type Command } from '../cli-types.ts';
import { describePoller, PollerBusyError } from '../../engine/poller-lease.ts';
import { withEngine } from './with-engine.ts';
import { localDate } from '../../engine/local-date.ts';

export const syncCommand: Command = {
  name: 'sync',
  summary: 'run one sync cycle now',
  usage: 'sync --once [--since YYYY-MM-DD] [--json]',
  async run(context, args) {
    const { values } = parseFlags(args, { once: { type: 'boolean' }, since: { type: 'string' }, json: { type: 'boolean' } });
    if (!values.once) throw new UsageError('Add --once: "sync" runs one cycle and exits ("run" keeps syncing).');
    let since: string | undefined;
    if (values.since !== undefined) {
      const parsed = IsoDate.safeParse(values.since);
      if (!parsed.success) throw new UsageError(`--since: ${parsed.error.issues[0]?.message ?? 'invalid date'}`);
      since = parsed.data;
      // Nothing has changed after a future date yet: re-importing "from" it would import nothing.
      if (since > localDate(Date.now())) throw new UsageError(`--since: ${since} is in the future; give the date to re-import from (today or earlier, on this computer's calendar).`);
    }
    return withEngine(context, async ({ connector }) => {
      if (!connector.settings.isConfigured()) throw new UsageError('Not set up yet: run "connector setup" first.');
      // A second cycle beside the service's could post a tracking number or deliver a record twice:
      // both would read the same queued rows before either marked them done. So this cycle holds
      // the poller lease, as the service does (released when the engine closes): it is refused
      // beside a running poller, and a service or app started while it runs is refused in turn.
      let lost: string | null = null;
      try {
        connector.claimPolling('sync-once', (message) => (lost = message));
      } catch (error) {
        if (!(error instanceof PollerBusyError)) throw error;
        const message =
          `${describePoller(error.heldBy)} is already syncing this data folder, and a second cycle beside it could post a tracking number twice. ` +
          (error.heldBy.kind === 'sync-once'
            ? 'Wait for it to finish.'
            : since
              ? 'Stop it, run this again, then start it again.'
              : 'Press Sync now in its dashboard, or stop it and run this again.');
        if (values.json) context.out(JSON.stringify({ error: { kind: 'busy', message, retryable: true } }));
        context.err(`Sync refused: ${message}`);
        return EXIT.failed;
      }
      try {
        const report = await connector.syncOnce(since ? { since } : {});
        if (lost !== null) {
          // Frozen past the lease's limit, another poller took the folder over: this cycle stopped early.
          if (values.json) context.out(JSON.stringify({ error: { kind: 'busy', message: lost, retryable: true } }));
          context.err(`Sync stopped: ${lost}`);
          return EXIT.failed;
        }
        if (values.json) {
          context.out(JSON.stringify(report));
        } else {
          context.out(
            `Orders: ${report.orders.imported} imported, ${report.orders.updated} updated. ` +
              `Shipments: ${report.shipments.imported} imported, ${report.shipments.updated} updated. ` +
              `${report.requests} requests to Acumatica in ${(report.durationMs / 1000).toFixed(1)} s.`,
          );
          if (report.rejected > 0) context.out(`${report.rejected} records had an unexpected shape and were skipped (see the activity log).`);
          // Said only when the cycle did any: a failed tracking number or a parked delivery left out read as a clean run.
          const { tracking, deliveries } = report;
          if (tracking.posted + tracking.failed > 0) {
            context.out(`Tracking numbers: ${tracking.posted} posted, ${tracking.failed} failed${tracking.failed > 0 ? ' (see "tracking list")' : ''}.`);
          }
          if (deliveries.delivered + deliveries.retried + deliveries.parked > 0) {
            context.out(`Deliveries: ${deliveries.delivered} delivered, ${deliveries.retried} retried, ${deliveries.parked} parked${deliveries.parked > 0 ? ' (see "deliveries list")' : ''}.`);
          }
        }
        return EXIT.ok;
      } catch (error) {
        const failure = asAcumaticaError(error);
        if (values.json) context.out(JSON.stringify({ error: { kind: failure.kind, message: failure.message, retryable: failure.retryable } }));
        context.err(`Sync failed (${failure.kind}): ${failure.message}`);
        return EXIT.failed;
      }
    }, { needsSecrets: true });
  },
};
