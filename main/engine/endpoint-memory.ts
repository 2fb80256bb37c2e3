// The endpoint an instance offered last time, kept in the ledger's settings table (it is not a
// secret and not an operator setting: `config` never shows it). One instance at a time: a
// remembered endpoint of another URL is ignored, and the next discovery replaces it.
import { z } from 'zod';
import type { Endpoint } from '../acumatica/endpoint-discovery.ts';
import type { EndpointMemory } from '../acumatica/rest-client.ts';
import type { SettingsRepository } from '../store/settings-repository.ts';

const KEY = 'acumaticaEndpoint';
const RememberedEndpoint = z.object({ instanceUrl: z.string(), name: z.string(), version: z.string(), acumaticaBuild: z.string().nullable() });

export function ledgerEndpointMemory(settings: SettingsRepository, instanceUrl: string): EndpointMemory {
  return {
    recall(): Endpoint | null {
      let stored: z.output<typeof RememberedEndpoint> | undefined;
      try {
        stored = settings.getSetting(KEY, RememberedEndpoint);
      } catch {
        // A value this release cannot read costs one discovery, which then overwrites it.
        return null;
      }
      if (stored?.instanceUrl !== instanceUrl) return null;
      return { name: stored.name, version: stored.version, acumaticaBuild: stored.acumaticaBuild };
    },
    remember(endpoint: Endpoint): void {
      settings.setSetting(KEY, { instanceUrl, name: endpoint.name, version: endpoint.version, acumaticaBuild: endpoint.acumaticaBuild });
    },
  };
}
