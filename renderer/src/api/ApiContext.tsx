import { createContext, useContext, type ReactNode } from 'react';
import type { ConnectorApi } from '../../../preload/api.ts';

const ApiContext = createContext<ConnectorApi | null>(null);

export function ApiProvider({ api, children }: { api: ConnectorApi; children: ReactNode }) {
  return <ApiContext value={api}>{children}</ApiContext>;
}

export function useApi(): ConnectorApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() needs an <ApiProvider> above it.');
  return api;
}
