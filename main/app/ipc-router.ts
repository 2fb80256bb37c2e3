// The guarded router behind main/app/ipc.ts. It takes the registrar as a parameter so tests can
// drive it without Electron; ipc.ts passes the real ipcMain. Every handler refuses senders that
// are not one of our windows' top frames and payloads that fail the method's schema, and answers
// with an envelope so the renderer keeps the error's code and field.
import { methods, type Envelope, type ErrorBody, type MethodName } from '../../preload/api.ts';
import { dispatch, type EngineHandlers } from '../engine/dispatch.ts';

/** The part of IpcMainInvokeEvent the checks read. */
export interface InvokeSource {
  sender: object;
  senderFrame: { parent: object | null; url: string } | null;
}

export type SenderCheck = (event: InvokeSource) => boolean;

export interface IpcRegistrar {
  handle(channel: string, listener: (event: InvokeSource, ...args: unknown[]) => Promise<Envelope>): void;
  removeHandler(channel: string): void;
}

const refused: ErrorBody = { code: 'refused', message: 'Refused: the request did not come from a DropStream window.' };
const tooManyArguments: ErrorBody = { code: 'invalid-request', message: 'A request carries at most one payload.' };

/** Register every method of the contract; returns a function that removes them again. */
export function registerContract(ipc: IpcRegistrar, handlers: EngineHandlers, isTrustedSender: SenderCheck): () => void {
  const names = Object.keys(methods) as MethodName[];
  for (const method of names) {
    ipc.handle(methods[method].channel, async (event, ...args) => {
      if (!isTrustedSender(event)) return { ok: false, error: refused };
      if (args.length > 1) return { ok: false, error: tooManyArguments };
      try {
        return await dispatch(handlers, method, args[0]);
      } catch (error) {
        // dispatch catches handler errors; this is for a bug in the dispatcher itself.
        return { ok: false, error: { code: 'failed', message: error instanceof Error ? error.message : String(error) } };
      }
    });
  }
  return () => names.forEach((method) => ipc.removeHandler(methods[method].channel));
}

/**
 * A sender is trusted when it is the top frame of one of our windows, showing our own page
 * (VS Code and Electron Fiddle check the same: an iframe or a navigated page gets nothing).
 */
export function senderIsOneOf(getWebContents: () => object[], isOurUrl: (url: string) => boolean): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    return getWebContents().includes(event.sender) && isOurUrl(frame.url);
  };
}
