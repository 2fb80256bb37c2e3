import { join } from 'node:path';
import type { Logger } from 'pino';
import { pino, stdTimeFunctions } from 'pino';
import { Redactor } from './redactor.ts';
import { RotatingFileDestination } from './rotating-file.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

export interface CreateLoggerOptions {
  /** The connector's data folder; logs go to `<dataDir>/logs/`. */
  dataDir: string;
  level?: LogLevel;
  /** Secret values known at start (from the vault); more can be registered on the redactor later. */
  secrets?: readonly string[];
  /** Share one redactor between the log and the ledger; a new one is made otherwise. */
  redactor?: Redactor;
  /** One process per file set: the CLI next to a running service should pass its own name. */
  baseName?: string;
  maxFileBytes?: number;
  maxFiles?: number;
}

export interface AppLogger {
  logger: Logger;
  redactor: Redactor;
  close(): void;
}

const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
const DEFAULT_MAX_FILES = 4;
/** A line longer than this (a whole response body) is cut, so one call cannot flush the history. */
const MAX_LINE_CHARS = 32 * 1024;
const HEAD_CHARS = 2 * 1024;

/**
 * The support log: JSON lines, size-capped and rotated, with every line passed through the
 * redactor twice on its way out: once as an object (formatters.log: keys, nested errors), and
 * once as the final line (streamWrite: the message, child bindings, pino's serialized error),
 * so no path into the file skips redaction.
 */
export function createLogger(options: CreateLoggerOptions): AppLogger {
  const redactor = options.redactor ?? new Redactor();
  for (const secret of options.secrets ?? []) redactor.registerSecretValue(secret);
  const destination = new RotatingFileDestination({
    dir: join(options.dataDir, 'logs'),
    baseName: options.baseName ?? 'dropstream',
    maxBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    maxFiles: options.maxFiles ?? DEFAULT_MAX_FILES,
  });
  let reportedDrops = 0;

  const finalPass = (line: string): string => {
    const record = redactLine(redactor, line);
    if (destination.droppedLines > reportedDrops) {
      record['droppedLogLines'] = destination.droppedLines - reportedDrops;
      reportedDrops = destination.droppedLines;
    }
    return limitLength(`${JSON.stringify(record)}\n`, record);
  };

  const logger = pino(
    {
      level: options.level ?? 'info',
      timestamp: stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => asRecord(redactor.redact(bindings)),
        log: (object) => asRecord(redactor.redact(object)),
      },
      // formatters.log has already turned errors (top-level and nested alike) into redacted
      // plain objects with their cause chain; pino's own err serializer would relabel them.
      serializers: { err: (value: unknown) => value },
      hooks: { streamWrite: finalPass },
    },
    destination,
  );

  return { logger, redactor, close: () => destination.close() };
}

function redactLine(redactor: Redactor, line: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(line);
    const redacted = redactor.redact(parsed);
    if (isRecord(redacted)) return redacted;
  } catch {
    // Not JSON (should not happen with pino): fall through and keep it as text.
  }
  return { level: 'warn', msg: redactor.redactText(line.trimEnd()), unparsedLogLine: true };
}

function limitLength(line: string, record: Record<string, unknown>): string {
  if (line.length <= MAX_LINE_CHARS) return line;
  const summary = {
    level: record['level'],
    time: record['time'],
    msg: typeof record['msg'] === 'string' ? record['msg'].slice(0, HEAD_CHARS) : undefined,
    truncatedLogLine: { originalChars: line.length, head: line.slice(0, HEAD_CHARS) },
  };
  return `${JSON.stringify(summary)}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}
