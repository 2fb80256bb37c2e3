// A throwaway certificate authority and a leaf certificate for 127.0.0.1/localhost, made at start.
// Clients trust the simulator by adding caPem as an extra CA, as they would an on-prem
// instance's internal CA; a client that does not must refuse the connection.
import { generate } from 'selfsigned';

export interface SimTls {
  caPem: string;
  key: string;
  cert: string;
}

export async function createTls(): Promise<SimTls> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 30 * 86_400_000);
  const ca = await generate([{ name: 'commonName', value: 'DropStream Acumatica Simulator Test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  return { caPem: ca.cert, key: leaf.private, cert: leaf.cert };
}
