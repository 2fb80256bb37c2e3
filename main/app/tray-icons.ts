// Which file each platform's tray gets (the files come from scripts/make-icons.ts):
// Windows a multi-size .ico so the shell picks the size for the display's scaling; macOS a
// monochrome "Template" PNG (Electron hands it to AppKit as a template image, which tints it for
// light and dark menu bars, and loads the @2x file beside it on Retina); Linux a colour PNG.
import { join } from 'node:path';
import type { TrayIcon } from './tray-model.ts';

export function trayIconPath(trayDir: string, icon: TrayIcon, platform: NodeJS.Platform): string {
  if (platform === 'win32') return join(trayDir, `${icon}.ico`);
  if (platform === 'darwin') return join(trayDir, `${icon}Template.png`);
  return join(trayDir, `${icon}.png`);
}
