// What the Electron shell needs from the engine, and nothing more. The engine (main/sync,
// main/store, main/acumatica, main/vault) is plain Node; main/app/index.ts builds it through one
// factory of this shape, so wiring the real engine in is a one-line change there.
import type { ConnectorStatus, PayloadOf } from '../../preload/api.ts';
import type { EngineHandlers } from '../engine/dispatch.ts';
import type { SecretVault } from './secret-vault.ts';
import type { SettingsStore } from './settings-store.ts';

/** Events the engine emits one record at a time; the shell batches them for the window. */
export type StreamedEvent = 'orders' | 'activity';
export type StreamedItem<E extends StreamedEvent> = PayloadOf<E>[number];

export interface ShellEngine {
  /** The contract's methods, called by the IPC wrapper after it has checked sender and payload. */
  readonly handlers: EngineHandlers;
  /** Derived from the engine's state on demand, never cached by the shell. */
  getStatus(): ConnectorStatus;
  onStatus(listener: (status: ConnectorStatus) => void): () => void;
  onEvent<E extends StreamedEvent>(event: E, listener: (item: StreamedItem<E>) => void): () => void;
  /** A cycle the operator asked for: the engine reports it as `syncing` with `requested: true`. */
  syncNow(): Promise<void>;
  /** Pause for `minutes`, or until resumed when null. */
  pause(minutes: number | null): Promise<void>;
  resume(): Promise<void>;
  /** Finish the current transaction, sign out as the auth policy says, release the ledger. */
  stop(): Promise<void>;
}

/** What the shell hands the engine: storage that lives in the Electron user-data folder. */
export interface ShellEngineDeps {
  vault: SecretVault;
  settings: SettingsStore;
  userDataDir: string;
  logsDir: string;
  appVersion: string;
}

export type CreateShellEngine = (deps: ShellEngineDeps) => Promise<ShellEngine>;
