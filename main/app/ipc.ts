// The one place main touches ipcMain (ESLint enforces it, after GitHub Desktop). The checks live
// in ipc-router.ts, which tests drive with a fake registrar.
import { ipcMain } from 'electron';
import type { EngineHandlers } from '../engine/dispatch.ts';
import { registerContract, type SenderCheck } from './ipc-router.ts';

export { senderIsOneOf, type SenderCheck } from './ipc-router.ts';

/** Register every method of the contract on ipcMain; returns a function that removes them. */
export function registerIpc(handlers: EngineHandlers, isTrustedSender: SenderCheck): () => void {
  return registerContract(ipcMain, handlers, isTrustedSender);
}
