// Opens the engine for one command and always closes it, so the ledger is checkpointed and the
// connection's dispatcher released even when the command fails.
import { openHeadlessEngine, type HeadlessEngine } from '../../engine/open-headless.ts';
import type { CliContext } from '../cli-types.ts';

export async function withEngine<T>(context: CliContext, work: (engine: HeadlessEngine) => Promise<T>): Promise<T> {
  const engine = await openHeadlessEngine({ dataDir: context.dataDir, env: context.env, logName: 'cli' });
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}
