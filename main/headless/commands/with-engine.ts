// Opens the engine for one command and always closes it, so the ledger is checkpointed and the
// connection's dispatcher released even when the command fails.
import { existsSync } from 'node:fs';
import { ledgerPath } from '../../engine/data-dir.ts';
import { openHeadlessEngine, type HeadlessEngine } from '../../engine/open-headless.ts';
import { UsageError, type CliContext } from '../cli-types.ts';

/**
 * `createDataDir`: for the commands that set a connector up (setup, config set). Every other
 * command needs the data of an existing one: a mistyped --data-dir must be an error, not a new,
 * empty connector that reports "not set up".
 */
export async function withEngine<T>(context: CliContext, work: (engine: HeadlessEngine) => Promise<T>, { createDataDir = false } = {}): Promise<T> {
  if (!createDataDir && !existsSync(ledgerPath(context.dataDir))) {
    throw new UsageError(`${context.dataDir} holds no connector data. Check --data-dir (or DROPSTREAM_DATA_DIR), or run "connector setup" first.`);
  }
  const engine = await openHeadlessEngine({ dataDir: context.dataDir, env: context.env, logName: 'cli' });
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}
