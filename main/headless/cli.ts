// The command line: `npm run -s connector -- [--data-dir DIR] <command> [options]`.
// Exit codes: 0 ok, 1 failed (with the classified reason), 2 invalid input (naming the flag or field).
import { resolveDataDir } from '../engine/data-dir.ts';
import { ledgerFailure } from '../store/ledger-failure.ts';
import { EXIT, UsageError, type CliContext, type Command, type ExitCode } from './cli-types.ts';
import { configCommand } from './commands/config.ts';
import { deliveriesCommand } from './commands/deliveries.ts';
import { diagnosticsCommand } from './commands/diagnostics.ts';
import { ordersCommand } from './commands/orders.ts';
import { rotateSecretCommand } from './commands/rotate-secret.ts';
import { runCommand } from './commands/run.ts';
import { setupCommand } from './commands/setup.ts';
import { statusCommand } from './commands/status.ts';
import { syncCommand } from './commands/sync.ts';
import { testConnectionCommand } from './commands/test-connection.ts';
import { trackingCommand } from './commands/tracking.ts';

export const COMMANDS: readonly Command[] = [
  setupCommand,
  testConnectionCommand,
  syncCommand,
  configCommand,
  runCommand,
  statusCommand,
  ordersCommand,
  trackingCommand,
  deliveriesCommand,
  diagnosticsCommand,
  rotateSecretCommand,
];

export function usage(): string {
  const lines = ['Usage: npm run -s connector -- [--data-dir DIR] <command> [options]', '', 'Commands:'];
  for (const command of COMMANDS) lines.push(`  ${command.usage.split('\n').join('\n  ')}`, `      ${command.summary}`);
  lines.push('', 'The data folder: --data-dir, else DROPSTREAM_DATA_DIR, else the OS app-data folder.');
  lines.push('Secrets never come from arguments: DROPSTREAM_CLIENT_SECRET, DROPSTREAM_PASSWORD, DROPSTREAM_NEW_CLIENT_SECRET, DROPSTREAM_WEBHOOK_API_KEY, DROPSTREAM_WEBHOOK_SIGNING_SECRET, or a prompt.');
  return lines.join('\n');
}

export async function main(argv: string[], base: Omit<CliContext, 'dataDir'>): Promise<ExitCode> {
  let args = [...argv];
  let dataDirFlag: string | undefined;
  if (args[0] === '--data-dir' || args[0]?.startsWith('--data-dir=')) {
    const inline = args[0].includes('=') ? args[0].slice('--data-dir='.length) : undefined;
    dataDirFlag = inline ?? args[1];
    args = args.slice(inline === undefined ? 2 : 1);
    if (!dataDirFlag) {
      base.err('--data-dir needs a folder.');
      return EXIT.invalid;
    }
  }
  const [name, ...rest] = args;
  if (args.some((arg) => arg === '--data-dir' || arg.startsWith('--data-dir='))) {
    base.err(dataDirFlag === undefined ? '--data-dir goes before the command: connector --data-dir DIR <command> [options].' : 'Give --data-dir once.');
    return EXIT.invalid;
  }
  if (name === undefined || name === '--help' || name === 'help' || name === '-h') {
    (name === undefined ? base.err : base.out)(usage());
    return name === undefined ? EXIT.invalid : EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    base.err(`Unknown command "${name}".\n\n${usage()}`);
    return EXIT.invalid;
  }
  const context: CliContext = { ...base, dataDir: resolveDataDir(dataDirFlag, base.env) };
  try {
    return await command.run(context, rest);
  } catch (error) {
    if (error instanceof UsageError) {
      base.err(`${command.name}: ${error.message}\nUsage: ${command.usage}`);
      return EXIT.invalid;
    }
    // A ledger that cannot be written (locked by the service's write for too long, a full disk) is
    // told the way the dashboard tells it, not as SQLite's bare "database is locked".
    base.err(`${command.name} failed: ${ledgerFailure(error)?.message ?? (error instanceof Error ? error.message : String(error))}`);
    return EXIT.failed;
  }
}

// Run when started as a script (not when imported by tests or the demo). import.meta.main, not a
// comparison of import.meta.url with process.argv[1]: those differ for a path with a space (the
// URL encodes it), on Windows (C:\ against file:///C:/) and through a link (node resolves the
// script's own path), and the command then did nothing and exited 0.
if (import.meta.main) {
  // `npm run connector` (and `npm run headless`) starts us in the package folder; a relative path
  // the admin typed (--data-dir, DROPSTREAM_DATA_DIR, --out, a CSV file, --ca-file) means the folder
  // they typed it in, which npm passes on.
  const viaNpm = process.env.npm_lifecycle_event === 'connector' || process.env.npm_lifecycle_event === 'headless';
  if (viaNpm && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  // A reader that stops early (`connector orders | head -1`) closes the pipe: the command still
  // finishes its work (a sync its transaction), it just has nowhere left to print.
  let stdoutOpen = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stdoutOpen = false;
  });
  const code = await main(process.argv.slice(2), {
    env: process.env,
    terminal: { input: process.stdin, output: process.stderr },
    out: (line) => void (stdoutOpen && process.stdout.write(`${line}\n`)),
    err: (line) => process.stderr.write(`${line}\n`),
    outIsTerminal: process.stdout.isTTY === true,
  });
  process.exitCode = code;
}
