// What the Electron shell needs from the engine, and nothing more. The engine (main/engine and
// below) is plain Node; main/app/index.ts builds it through one factory of this shape, so the
// choice of engine is a one-line change there.
import type { ConnectorStatus, PayloadOf, SettingKey, Settings } from '../../preload/api.ts';
import type { EngineHandlers } from '../engine/dispatch.ts';
import type { Vault } from '../vault/index.ts';

/** Events the engine emits as batches (one per committed page); the shell merges them for the window. */
export type StreamedEvent = 'orders' | 'activity';
export type StreamedBatch<E extends StreamedEvent> = PayloadOf<E>;
/** Every engine event the window gets besides status: the batches, and each cycle's start and end. */
export type ForwardedEvent = StreamedEvent | 'cycle';

export interface ShellEngine {
  /** The contract's methods, called by the IPC wrapper after it has checked sender and payload. */
  readonly handlers: EngineHandlers;
  /** Derived from the engine's state on demand, never cached by the shell. */
  getStatus(): ConnectorStatus;
  /** One engine setting, read from the ledger each time (the UI, the CLI and `config set` write it). */
  setting<K extends SettingKey>(key: K): Settings[K];
  onStatus(listener: (status: ConnectorStatus) => void): () => void;
  onEvent<E extends ForwardedEvent>(event: E, listener: (payload: PayloadOf<E>) => void): () => void;
  /** Begin polling, when set up; saving the setup starts it otherwise. */
  start(): void;
  /** A cycle the operator asked for: the engine reports it as `syncing` with `requested: true`. */
  syncNow(): Promise<void>;
  /** Pause for `minutes`, or until resumed when null. */
  pause(minutes: number | null): void;
  resume(): void;
  /** Finish the page in flight, keep the grant for the next start, release the ledger and the log. */
  stop(): Promise<void>;
  /**
   * A line from the shell itself (a tray action that failed, a refused link, a stop that timed
   * out) into the app's log file, redacted like the engine's own; dropped once stopped.
   */
  log(level: 'warn' | 'error', message: string, detail?: string): void;
}

/** What the shell hands the engine: the Electron user-data folder and the safeStorage vault. */
export interface ShellEngineDeps {
  /** app.getPath('userData'): the same folder the CLI and the headless service default to. */
  dataDir: string;
  vault: Vault;
  appVersion: string;
  /**
   * Another process (a `connector run` service) took over polling this data folder after the app
   * failed to renew its claim (main/engine/poller-lease.ts), or a newer release upgraded the
   * ledger under the app; the app has stopped syncing.
   */
  onPollingTakenOver?: (message: string) => void;
}

export type CreateShellEngine = (deps: ShellEngineDeps) => Promise<ShellEngine>;
