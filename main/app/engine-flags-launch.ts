// The engine's V8 flags (main/engine/v8-flags.ts) in the desktop app's main process, where the
// engine runs. Electron reads `--js-flags` for the main process only from the command line it was
// started with; `app.commandLine.appendSwitch` reaches renderers alone. Started without them (from
// the Start menu, a login item, a double-click), the packaged app starts itself again once with
// them: V8's defaults let a 20,000-order backfill peak near 197 MB instead of ~134 MB.

/** Marks the second start, so a flag Electron did not pass on can never cause a relaunch loop. */
export const RELAUNCHED_ENV = 'DROPSTREAM_RELAUNCHED_WITH_FLAGS';

export interface LaunchContext {
  argv: readonly string[];
  isPackaged: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The arguments to start again with, or null to carry on. Development builds carry on: they are
 * started by electron-vite or Playwright, which would lose a relaunched app.
 */
export function relaunchArgsForEngineFlags(context: LaunchContext, flagsText: string): string[] | null {
  if (!context.isPackaged || context.env[RELAUNCHED_ENV] === '1') return null;
  if (context.argv.some((arg) => arg === '--js-flags' || arg.startsWith('--js-flags='))) return null;
  return [...context.argv.slice(1), `--js-flags=${flagsText}`];
}
