// Flag parsing on node:util's parseArgs, strict: an unknown flag or a missing value is a
// UsageError naming it, never silently ignored.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-types.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<O extends Options>(args: string[], options: O, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals > 0 });
  } catch (error) {
    throw new UsageError(cleanParseError(error));
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`Unexpected argument: ${parsed.positionals[positionals]}`);
  }
  return parsed;
}

function cleanParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const clean = message.replace(/\. To specify a positional argument.*$/s, '.').replace(/^TypeError \[[A-Z_]+\]: /, '');
  // A negative number reads as an option: say how to give one as a value.
  return /^Unknown option '-\d/.test(clean) ? `${clean} To give a value that starts with -, put -- before it (e.g. config set KEY -- -5).` : clean;
}

/** A positive whole number flag, or a UsageError that names the flag. */
export function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${flag} must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER} (got "${value.slice(0, 30)}").`);
  }
  return Number(value);
}

/** A record's id given as an argument: a whole number JavaScript holds exactly, so the record looked up is the one typed. */
export function recordId(value: string | undefined, missing: string): number {
  if (value === undefined) throw new UsageError(missing);
  const id = Number(value);
  if (!/^\d+$/.test(value) || id < 1) throw new UsageError(`ID must be a whole number above 0 (got ${JSON.stringify(value.slice(0, 40))}).`);
  if (!Number.isSafeInteger(id)) throw new UsageError(`ID ${value.slice(0, 40)} is larger than any id (${Number.MAX_SAFE_INTEGER} at most).`);
  return id;
}
