// Which contract-based endpoint to talk to. `GET {base}/entity` lists what the instance has; the
// connector picks the newest Default version it knows (an unknown version answers 404), unless an
// operator pinned one.
import { AcumaticaError } from './errors.ts';
import type { EndpointListWire } from './wire.ts';

/** Default endpoint versions the mapping has been checked against, newest first. */
export const SUPPORTED_DEFAULT_VERSIONS: readonly string[] = ['25.200.001', '24.200.001', '23.200.001', '22.200.001', '20.200.001'];

export interface Endpoint {
  name: string;
  version: string;
  /** Acumatica's build, when `GET /entity` said; for the UI and support. */
  acumaticaBuild: string | null;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

export function chooseEndpoint(list: EndpointListWire, override: string | null = null): Endpoint {
  const acumaticaBuild = list.version?.acumaticaBuildVersion ?? null;
  const available = list.endpoints.filter((e) => e.name === 'Default').map((e) => e.version);
  if (override) {
    if (!available.includes(override)) {
      throw new AcumaticaError({
        kind: 'configuration',
        message: `The pinned endpoint Default/${override} is not on this instance; it offers Default ${available.join(', ') || '(none)'}.`,
      });
    }
    return { name: 'Default', version: override, acumaticaBuild };
  }
  const supported = available.filter((v) => SUPPORTED_DEFAULT_VERSIONS.includes(v)).sort(compareVersions);
  const newest = supported.at(-1);
  if (!newest) {
    throw new AcumaticaError({
      kind: 'configuration',
      message: `This Acumatica instance offers no Default endpoint the connector supports (it has ${available.join(', ') || 'none'}; supported: ${SUPPORTED_DEFAULT_VERSIONS.join(', ')}).`,
    });
  }
  return { name: 'Default', version: newest, acumaticaBuild };
}
