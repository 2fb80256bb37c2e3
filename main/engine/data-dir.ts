// Where the connector keeps its ledger, vault, key and logs. The Electron app uses its userData
// folder, which is the same place: <app data>/DropStream Connector.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_FOLDER = 'DropStream Connector';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_FOLDER);
}

/** --data-dir, else DROPSTREAM_DATA_DIR, else the OS app-data folder. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.DROPSTREAM_DATA_DIR) return resolve(env.DROPSTREAM_DATA_DIR);
  return defaultDataDir(env);
}

export const ledgerPath = (dataDir: string) => join(dataDir, 'ledger.sqlite');
export const logsDir = (dataDir: string) => join(dataDir, 'logs');
