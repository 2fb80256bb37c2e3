// `run`: the service. The poller plus the built UI on 127.0.0.1 behind a per-launch token, until
// SIGINT or SIGTERM; then the cycle in progress finishes its page and everything closes cleanly.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHandlers } from '../../engine/handlers.ts';
import { openHeadlessEngine } from '../../engine/open-headless.ts';
import { parseFlags } from '../cli-args.ts';
import { EXIT, UsageError, type Command } from '../cli-types.ts';
import { startService } from '../server.ts';
import { removeDashboardAddress, withoutToken, writeDashboardAddress } from '../dashboard-address.ts';
import { PollerBusyError } from '../../engine/poller-lease.ts';
import { refuseFileAsDataDir } from './with-engine.ts';

export const RENDERER_DIR = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

export const runCommand: Command = {
  name: 'run',
  summary: 'service mode: keep syncing and serve the UI on 127.0.0.1',
  usage: 'run [--port N]',
  async run(context, args) {
    const { values } = parseFlags(args, { port: { type: 'string' } });
    // Digits only: Number() would also read "" as 0 (any port) and "0x50" as 80.
    const port = values.port === undefined ? 0 : /^\d{1,5}$/.test(values.port) ? Number(values.port) : Number.NaN;
    if (!(port >= 0 && port <= 65_535)) throw new UsageError(`--port must be a whole number from 0 to 65535 (got "${values.port}").`);
    if (!existsSync(RENDERER_DIR)) throw new UsageError(`The UI is not built (${RENDERER_DIR} is missing): run "npm run build" first.`);

    refuseFileAsDataDir(context.dataDir);
    const engine = await openHeadlessEngine({ dataDir: context.dataDir, env: context.env, logName: 'service' });
    const { connector } = engine;
    let lostLease: string | null = null;
    let stopRequested!: () => void;
    const stopped = new Promise<void>((resolve) => (stopRequested = resolve));
    let lease;
    try {
      lease = connector.claimPolling('service', (message) => {
        lostLease = message;
        stopRequested();
      });
    } catch (error) {
      await engine.close();
      // Exit 2 as for any refusal, but without the usage line: the command was typed right.
      if (error instanceof PollerBusyError) {
        context.err(`run: ${error.message} (data folder ${context.dataDir})`);
        return EXIT.invalid;
      }
      throw error;
    }
    const service = await startService({
      port,
      rendererDir: RENDERER_DIR,
      handlers: createHandlers(connector, { name: 'DropStream Connector', version: appVersion(), mode: 'headless' }),
      subscribe: (listener) => connector.subscribe(listener),
    });
    lease.setPort(service.port);
    let addressFile: string;
    try {
      addressFile = await writeDashboardAddress(context.dataDir, service.url);
    } catch (error) {
      try {
        await service.close();
      } finally {
        await engine.close();
      }
      throw error;
    }
    connector.start();
    if (context.outIsTerminal) {
      context.out(`DropStream Connector is running. Open the dashboard at:\n  ${service.url}`);
    } else {
      context.out(
        `DropStream Connector is running, its dashboard at ${withoutToken(service.url)}. Open the address in ${addressFile} (${WHO_CAN_READ}): ` +
          'it carries the launch token, which is not printed where a service journal would keep it.',
      );
    }
    context.out(`Data folder: ${context.dataDir}. Stop with Ctrl-C.`);
    engine.log.logger.info({ port: service.port }, 'service started');

    process.once('SIGINT', stopRequested);
    process.once('SIGTERM', stopRequested);
    await stopped;
    if (lostLease !== null) {
      engine.log.logger.error('polling ended: another process took the lease over, or a newer release upgraded the ledger');
      context.err(lostLease);
    } else {
      context.out('Stopping: finishing the current page…');
    }
    try {
      await service.close();
    } finally {
      removeDashboardAddress(context.dataDir, service.url);
    }
    await engine.close();
    context.out('Stopped.');
    return lostLease === null ? EXIT.ok : EXIT.failed;
  },
};

// Windows ignores the file mode: the file has its folder's permissions, which the admin sets.
const WHO_CAN_READ = process.platform === 'win32' ? 'as readable as the data folder' : 'readable by this user only';

function appVersion(): string {
  return process.env.npm_package_version ?? '0.1.0';
}
