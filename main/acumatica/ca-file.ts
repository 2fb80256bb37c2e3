// Reads the extra CA certificate file an admin names for an internal certificate authority.
// The path comes from a setting, so it may name anything: a device that never ends (/dev/zero),
// a named pipe that blocks every read, a directory, a huge file. Each would hang or swamp the
// process that reads it, and the setting would do so again at every start. Only a regular file of
// PEM certificates, of a sane size, is read.
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { AcumaticaError } from './errors.ts';

/** A CA bundle of a few hundred certificates is well under this; a PEM file is a few KB. */
export const MAX_CA_FILE_BYTES = 1024 * 1024;

export function readCaFile(path: string): string {
  let fd: number;
  try {
    // Non-blocking, so opening a named pipe returns at once instead of waiting for a writer.
    // (Windows has no O_NONBLOCK; it has no such pipes at a file path either.)
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw caFileError(path, error instanceof Error ? error.message : String(error));
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw caFileError(path, 'it is not a regular file');
    if (stats.size > MAX_CA_FILE_BYTES) throw caFileError(path, `it is ${stats.size} bytes; a PEM certificate file is a few KB (at most ${MAX_CA_FILE_BYTES})`);
    const pem = readFileSync(fd, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw caFileError(path, 'it holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
    return pem;
  } finally {
    closeSync(fd);
  }
}

function caFileError(path: string, problem: string): AcumaticaError {
  return new AcumaticaError({ kind: 'configuration', message: `Cannot use the CA file ${path}: ${problem}.` });
}
