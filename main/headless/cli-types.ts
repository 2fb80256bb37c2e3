// What every command gets, and what it returns: an exit code the scripting admin can rely on.
import type { Terminal } from './secret-input.ts';

export const EXIT = { ok: 0, failed: 1, invalid: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface CliContext {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  terminal: Terminal;
  out(line: string): void;
  err(line: string): void;
  /**
   * Whether out() reaches a person at a terminal, not a journal, a pipe or a file: only then does
   * `run` print the dashboard address with its launch token (see dashboard-address.ts).
   */
  outIsTerminal?: boolean;
}

/** A mistake in how the command was called: exit 2, with the message naming the flag or field. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  run(context: CliContext, args: string[]): Promise<ExitCode>;
}
