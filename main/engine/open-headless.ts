// The engine as the headless service and the CLI run it: the key-file vault, the support log and
// the connector over the data folder.
import { createLogger, type AppLogger } from '../log/index.ts';
import { openHeadlessVault, type VaultKeySource } from '../vault/index.ts';
import type { ConnectionOverrides } from './acumatica-link.ts';
import { Connector } from './connector.ts';

export interface HeadlessEngine {
  connector: Connector;
  log: AppLogger;
  /** Where the vault's key came from: DROPSTREAM_VAULT_KEY or the data folder's key file. */
  vaultKeySource: VaultKeySource;
  close(): Promise<void>;
}

export async function openHeadlessEngine(options: {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** One log file set per process kind: the CLI beside a running service writes its own. */
  logName: string;
  connection?: ConnectionOverrides;
  pageSize?: number;
}): Promise<HeadlessEngine> {
  const log = createLogger({ dataDir: options.dataDir, baseName: options.logName });
  const { vault, keySource } = await openHeadlessVault({ dataDir: options.dataDir, env: options.env ?? process.env });
  const connector = new Connector({ dataDir: options.dataDir, vault, log, connection: options.connection, pageSize: options.pageSize });
  await connector.refreshSecretPresence();
  return {
    connector,
    log,
    vaultKeySource: keySource,
    async close() {
      await connector.stop();
      log.close();
    },
  };
}
