// Starts the built app (out/) in the real Electron runtime for Playwright's _electron, with a
// fresh profile per run. Where the runtime or a display is missing, `skipReason` says why and
// the specs skip instead of failing (this machine cannot download Electron).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from '@playwright/test';

interface ElectronBinaryModule {
  findElectronBinary(): { path: string } | { missing: string };
  displayProblem(): string | undefined;
}

// A computed specifier: scripts/electron-binary.mjs has no type declarations for tsc to find.
const binaryModule = new URL('../../../scripts/electron-binary.mjs', import.meta.url).href;
const { findElectronBinary, displayProblem } = (await import(binaryModule)) as ElectronBinaryModule;
const binary = findElectronBinary();
const problem = 'missing' in binary ? binary.missing : displayProblem();

export const electronPath = 'path' in binary ? binary.path : null;
export const skipReason = `Electron end-to-end tests need the Electron runtime and a display: ${problem ?? ''}`;
export const cannotRun = problem !== undefined;

export interface RunningConnector {
  app: ElectronApplication;
  window: Page;
  close(): Promise<void>;
}

export async function launchConnector(env: Record<string, string> = {}): Promise<RunningConnector> {
  if (!electronPath) throw new Error(skipReason);
  const userData = mkdtempSync(join(tmpdir(), 'dropstream-e2e-'));
  // A CI display has no keyring, so safeStorage falls back to basic_text and saving secrets would
  // wait on the warning dialog: start from a profile where the operator already accepted it.
  writeFileSync(join(userData, 'preferences.json'), JSON.stringify({ weakSecretStorageAccepted: true }));
  const app = await electron.launch({
    executablePath: electronPath,
    args: [resolve('.')],
    env: { ...process.env, ...env, DROPSTREAM_E2E: '1', DROPSTREAM_USER_DATA: userData } as Record<string, string>,
  });
  const window = await app.firstWindow();
  return {
    app,
    window,
    async close() {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    },
  };
}

/** The tray's current model, read in the main process through the E2E probe in main/app/index.ts. */
export function trayModel(app: ElectronApplication): Promise<{ icon: string; tooltip: string; menu: Array<{ kind: string; label?: string }> } | null> {
  return app.evaluate(() => {
    const probe = (globalThis as { dropstreamE2E?: { trayModel(): unknown } }).dropstreamE2E;
    return (probe?.trayModel() ?? null) as { icon: string; tooltip: string; menu: Array<{ kind: string; label?: string }> } | null;
  });
}

/** Call the contract from the page exactly as the renderer does: window.connector.invoke. */
export function invoke(page: Page, method: string, request?: unknown): Promise<unknown> {
  return page.evaluate(
    ([name, payload]) => (globalThis as unknown as { connector: { invoke(m: string, r: unknown): Promise<unknown> } }).connector.invoke(name as string, payload),
    [method, request] as const,
  );
}
