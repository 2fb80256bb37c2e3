// The one place main touches ipcMain. Every handler registered here refuses senders that are not
// one of our own windows' top frames, and payloads that fail the method's schema in preload/api.ts.
// Answers travel as envelopes so the renderer keeps the error's code and field.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { methods, type MethodName } from '../../preload/api.ts';
import { dispatch, type EngineHandlers } from '../engine/dispatch.ts';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** Register every method of the contract; returns a function that removes them again. */
export function registerIpc(handlers: EngineHandlers, isTrustedSender: SenderCheck): () => void {
  const names = Object.keys(methods) as MethodName[];
  for (const method of names) {
    ipcMain.handle(methods[method].channel, async (event, payload: unknown) => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'refused', message: 'Refused: the request did not come from a DropStream window.' } };
      }
      return dispatch(handlers, method, payload);
    });
  }
  return () => names.forEach((method) => ipcMain.removeHandler(methods[method].channel));
}

/** A sender is trusted when it is the top frame of one of our windows, showing our own page. */
export function senderIsOneOf(getWindows: () => WebContents[], isOurUrl: (url: string) => boolean): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    return getWindows().some((contents) => contents === event.sender) && isOurUrl(frame.url);
  };
}
