import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CA_FILE_BYTES, readCaFile } from '../../../main/acumatica/ca-file.ts';
import { createTls } from '../../acumatica-sim/tls.ts';

// The CA file is a setting: whatever it names is opened by the engine at every start, so
// anything but a small PEM file must be a clear configuration error, never a hang.
const dir = mkdtempSync(join(tmpdir(), 'ds-ca-'));

describe('readCaFile', () => {
  it('reads a PEM certificate file', async () => {
    const path = join(dir, 'ca.pem');
    const pem = (await createTls()).caPem;
    writeFileSync(path, pem);
    expect(readCaFile(path)).toBe(pem);
  });

  // Named pipes and /dev/zero exist at a path only on POSIX systems, hence the two skips on Windows.
  it.skipIf(process.platform === 'win32')('refuses a named pipe at once instead of blocking on it', () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(() => readCaFile(fifo)).toThrow(expect.objectContaining({ kind: 'configuration', message: `Cannot use the CA file ${fifo}: it is not a regular file.` }));
  });

  it.skipIf(process.platform === 'win32')('refuses a device that never ends', () => {
    expect(() => readCaFile('/dev/zero')).toThrow(/Cannot use the CA file \/dev\/zero: it is not a regular file/);
  });

  it('refuses a folder, a missing file, a huge file and a file with no certificate, naming each', () => {
    expect(() => readCaFile(dir)).toThrow(/not a regular file|EISDIR/);
    expect(() => readCaFile(join(dir, 'missing.pem'))).toThrow(expect.objectContaining({ kind: 'configuration', message: expect.stringMatching(/missing\.pem: ENOENT/) }));
    const huge = join(dir, 'huge.pem');
    writeFileSync(huge, Buffer.alloc(MAX_CA_FILE_BYTES + 1, 0x41));
    expect(() => readCaFile(huge)).toThrow(/huge\.pem: it is 1048577 bytes; a PEM certificate file is a few KB/);
    const key = join(dir, 'key.txt');
    writeFileSync(key, 'not a certificate\n');
    expect(() => readCaFile(key)).toThrow(/key\.txt: it holds no PEM certificate/);
  });
});
