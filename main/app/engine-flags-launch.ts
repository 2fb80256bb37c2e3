// The engine's V8 flags (main/engine/v8-flags.ts) in the desktop app's main process, where the
// engine runs. Electron reads `--js-flags` for the main process only from the command line it was
// started with; `app.commandLine.appendSwitch` reaches renderers alone. Started without them (from
// the Start menu, a login item, a double-click), the packaged app starts itself again once with
// them: V8's defaults let a 20,000-order backfill peak near 224 MB instead of ~122 MB.
import { HIDDEN_FLAG } from './login-item.ts';

/** Marks the second start, so a flag Electron did not pass on can never cause a relaunch loop. */
export const RELAUNCHED_ENV = 'DROPSTREAM_RELAUNCHED_WITH_FLAGS';

export interface LaunchContext {
  argv: readonly string[];
  isPackaged: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /**
   * This start is a login item's (launchedHidden in login-item.ts). macOS says so only to the
   * process it started (wasOpenedAtLogin), so the relaunch must carry it as --hidden.
   */
  launchedHidden: boolean;
}

export interface Relaunch {
  args: string[];
  /** The AppImage file: the running binary sits in its mount, which goes when this process exits. */
  execPath?: string;
}

/**
 * How to start again, or null to carry on. Development builds carry on: they are started by
 * electron-vite or Playwright, which would lose a relaunched app.
 */
export function relaunchForEngineFlags(context: LaunchContext, flagsText: string): Relaunch | null {
  if (!context.isPackaged || context.env[RELAUNCHED_ENV] === '1') return null;
  if (context.argv.some((arg) => arg === '--js-flags' || arg.startsWith('--js-flags='))) return null;
  const own = context.argv.slice(1);
  const hidden = context.launchedHidden && !own.includes(HIDDEN_FLAG) ? [HIDDEN_FLAG] : [];
  const args = [...own, ...hidden, `--js-flags=${flagsText}`];
  const appImage = context.env['APPIMAGE'];
  return appImage ? { args, execPath: appImage } : { args };
}
