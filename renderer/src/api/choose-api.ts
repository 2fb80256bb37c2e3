// Which transport this page has: Electron's preload puts a ConnectorTransport on window.connector;
// the headless service's page carries a launch token. Neither means the page was opened on its own.
import { createConnectorApi, type ConnectorApi, type ConnectorTransport } from '../../../preload/api.ts';
import { createHttpTransport, type HttpTransport, type ServiceLink } from './http-transport.ts';
import { takeLaunchToken, type LaunchTokenHost } from './launch-token.ts';

export type ApiChoice =
  | { kind: 'electron'; api: ConnectorApi }
  /** `watchLink` hears whether the service's live updates still arrive (see ServiceLink). */
  | { kind: 'headless'; api: ConnectorApi; watchLink: (listener: (link: ServiceLink) => void) => () => void }
  | { kind: 'unavailable' };

export interface ApiHost extends LaunchTokenHost {
  connector?: unknown;
}

function isTransport(value: unknown): value is ConnectorTransport {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<ConnectorTransport>).invoke === 'function' &&
    typeof (value as Partial<ConnectorTransport>).on === 'function'
  );
}

export function chooseApi(host: ApiHost, makeHttp: (options: { token: string }) => HttpTransport = createHttpTransport): ApiChoice {
  if (isTransport(host.connector)) return { kind: 'electron', api: createConnectorApi(host.connector) };
  const token = takeLaunchToken(host);
  if (token !== null) {
    const transport = makeHttp({ token });
    return { kind: 'headless', api: createConnectorApi(transport), watchLink: (listener) => transport.onLink(listener) };
  }
  return { kind: 'unavailable' };
}
