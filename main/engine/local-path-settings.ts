// Settings that name a file or folder on this computer are checked when they are set, so a typo
// is an error on its field at once rather than a failing sync hours later (or, for a CA "file"
// that is a pipe or a device, a hung process).
import { statSync } from 'node:fs';
import { readCaFile } from '../acumatica/ca-file.ts';
import { AcumaticaError } from '../acumatica/errors.ts';
import { isAbsolutePath, type Settings } from '../../preload/api.ts';
import { OperatorError } from './dispatch.ts';

/** Throws an OperatorError on the field; a relative path is left to the schema, whose message says why. */
export function checkLocalPaths(patch: Partial<Pick<Settings, 'caFile' | 'trackingInboxDir'>>): void {
  if (patch.caFile && isAbsolutePath(patch.caFile)) {
    try {
      readCaFile(patch.caFile);
    } catch (error) {
      if (error instanceof AcumaticaError) throw new OperatorError('invalid-request', error.message, 'caFile');
      throw error;
    }
  }
  if (patch.trackingInboxDir && isAbsolutePath(patch.trackingInboxDir)) {
    const problem = folderProblem(patch.trackingInboxDir);
    if (problem) throw new OperatorError('invalid-request', `The tracking inbox folder ${patch.trackingInboxDir} ${problem}. Create it first, or give the folder your shipping software writes to.`, 'trackingInboxDir');
  }
}

function folderProblem(path: string): string | null {
  try {
    return statSync(path).isDirectory() ? null : 'is not a folder';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`;
  }
}
