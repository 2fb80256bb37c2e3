// Keeps the tray in step with the engine: status -> sync indicator (no flicker) -> trayModel ->
// TrayService. Also re-renders when something outside the status changes (start at login).
import type { ConnectorStatus } from '../../preload/api.ts';
import type { ShellEngine } from './shell-engine.ts';
import { createSyncIndicator } from './sync-indicator.ts';
import { trayModel, type TrayModel } from './tray-model.ts';
import type { Timers } from './timers.ts';

export interface TrayControllerOptions {
  engine: Pick<ShellEngine, 'getStatus' | 'onStatus'>;
  render(model: TrayModel): void;
  startAtLogin(): { enabled: boolean; available: boolean };
  timers: Timers;
}

export interface TrayController {
  /** Render again with the last status (after a toggle in the menu). */
  refresh(): void;
  /** The model on screen, for the end-to-end tests' probe. */
  current(): TrayModel | null;
  dispose(): void;
}

export function connectTray(options: TrayControllerOptions): TrayController {
  let shown: ConnectorStatus | null = null;
  let model: TrayModel | null = null;
  const draw = (status: ConnectorStatus) => {
    shown = status;
    model = trayModel({ status, startAtLogin: options.startAtLogin(), now: new Date(options.timers.now()) });
    options.render(model);
  };
  const indicator = createSyncIndicator({ timers: options.timers, onChange: draw });
  indicator.update(options.engine.getStatus());
  const unsubscribe = options.engine.onStatus((status) => indicator.update(status));
  return {
    refresh: () => {
      if (shown) draw(shown);
    },
    current: () => model,
    dispose() {
      unsubscribe();
      indicator.dispose();
    },
  };
}
