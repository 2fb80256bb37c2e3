// The one place main touches ipcMain. Every handler registered here refuses senders that are not
// one of our own windows, and payloads that fail the channel's schema in preload/api.ts.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { contract, type Channel, type RequestOf, type ResponseOf } from '../../preload/api.ts';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

export function handle<C extends Channel>(
  channel: C,
  isTrustedSender: SenderCheck,
  handler: (request: RequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>,
): void {
  const schema = contract[channel];
  ipcMain.handle(channel, async (event, payload: unknown) => {
    if (!isTrustedSender(event)) throw new Error(`${channel}: refused a sender that is not a DropStream window`);
    const parsed = schema.request.safeParse(payload);
    if (!parsed.success) throw new Error(`${channel}: invalid request: ${parsed.error.issues[0]?.message ?? 'bad payload'}`);
    return schema.response.parse(await handler(parsed.data as RequestOf<C>));
  });
}
