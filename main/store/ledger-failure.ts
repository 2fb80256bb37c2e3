// What an operator is told when the ledger itself cannot be written. Without this a full disk
// reached the tray as "Unexpected failure: database or disk is full" under the network kind, and
// the operator went looking at the network.
import { AcumaticaError } from '../acumatica/errors.ts';
import { LedgerUpgradedWhileOpenError } from './ledger-upgraded-error.ts';

/** SQLite's primary result codes that mean the ledger file or its drive is the problem. */
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;

const RESUMES = 'Nothing already imported is lost; the import resumes where it stopped once the ledger can be written.';

/**
 * The failure to report for an error node:sqlite threw (or a ledger a newer release upgraded
 * under this process), or null for any other error. Kind
 * `storage`: our own files, not Acumatica. A full or failing disk may clear by itself (a log or a
 * temp folder is cleaned up), so those stay retryable; a damaged file does not mend itself.
 */
export function ledgerFailure(error: unknown): AcumaticaError | null {
  // Not ours to retry: only stopping this release ends it.
  if (error instanceof LedgerUpgradedWhileOpenError) return storage(error.message, false, error);
  if (!isSqliteError(error)) return null;
  // Extended codes (SQLITE_IOERR_WRITE = 778) carry the primary code in their low byte.
  const primary = error.errcode & 0xff;
  const what = `(SQLite: ${error.errstr})`;
  switch (primary) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
      return storage(`The connector could not write its ledger ${what}: the drive holding its data folder is full or failing. Free space on it, or check the drive. ${RESUMES}`, true, error);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      // Another writer held the file past the busy timeout: a connector command beside the service,
      // or a database viewer or backup tool with the file open. Not the network, which is what the
      // bare "database is locked" was reported as.
      return storage(`The connector's ledger (ledger.sqlite in its data folder) stayed locked by another program ${what}: another connector command, or a database viewer or backup tool that has the file open. Close that program. ${RESUMES}`, true, error);
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
      return storage(`The connector could not write its ledger ${what}: its data folder is read-only or no longer reachable. Check the folder's permissions and that the drive is mounted. ${RESUMES}`, true, error);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return storage(`The connector's ledger file (ledger.sqlite in its data folder) is damaged ${what}. Send a diagnostics bundle to support before changing anything.`, false, error);
    default:
      return null;
  }
}

function storage(message: string, retryable: boolean, cause: unknown): AcumaticaError {
  return new AcumaticaError({ kind: 'storage', message, retryable, cause });
}

interface SqliteError extends Error {
  code: 'ERR_SQLITE_ERROR';
  errcode: number;
  errstr: string;
}

function isSqliteError(error: unknown): error is SqliteError {
  return error instanceof Error && (error as Partial<SqliteError>).code === 'ERR_SQLITE_ERROR' && typeof (error as Partial<SqliteError>).errcode === 'number';
}
