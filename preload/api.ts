// The contract between the renderer and whatever runs the engine (Electron main or the headless
// service). Plain TypeScript and zod only: main, preload and renderer all import it.
import { z } from 'zod';

export const CHANNEL_PREFIX = 'connector:';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'headless']),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** Every request/response pair the renderer may use, by channel name. */
export const contract = {
  'connector:app-info': { request: z.void(), response: AppInfo },
} as const;

export type Channel = keyof typeof contract;
export type RequestOf<C extends Channel> = z.input<(typeof contract)[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<(typeof contract)[C]['response']>;

/** What the renderer sees, in Electron as window.connector and headless as an HTTP client. */
export interface ConnectorApi {
  appInfo(): Promise<AppInfo>;
}
