// The only preload file that touches Electron. It exposes the transport of preload/api.ts and
// nothing else: two functions, plain data in and out. The renderer builds the typed API on top.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { events, isEventName, isMethodName, methods, type ConnectorTransport } from './api.ts';

const transport: ConnectorTransport = {
  invoke(method, request) {
    if (!isMethodName(method)) return Promise.reject(new Error(`Unknown connector method: ${String(method)}`));
    return ipcRenderer.invoke(methods[method].channel, request);
  },
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`Unknown connector event: ${String(event)}`);
    const channel = events[event].channel;
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
};

contextBridge.exposeInMainWorld('connector', transport);
