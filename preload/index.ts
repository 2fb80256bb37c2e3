// The only preload file that touches Electron: it exposes the typed API and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import type { ConnectorApi } from './api.ts';

const api: ConnectorApi = {
  appInfo: () => ipcRenderer.invoke('connector:app-info'),
};

contextBridge.exposeInMainWorld('connector', api);
