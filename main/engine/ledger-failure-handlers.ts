// Every method of the contract names a ledger that cannot be written the way a sync cycle does
// (main/store/ledger-failure.ts): "the drive holding its data folder is full", not SQLite's bare
// "database or disk is full". Without this only the cycle's own failure said so, and an operator
// who pressed Pause, saved a setting or queued a tracking number was shown the bare message.
import { ledgerFailure } from '../store/ledger-failure.ts';
import { OperatorError, type EngineHandlers } from './dispatch.ts';

export function explainingLedgerFailures(handlers: EngineHandlers): EngineHandlers {
  const explained: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const [method, handler] of Object.entries(handlers) as [string, (request: unknown) => unknown][]) {
    explained[method] = async (request) => {
      try {
        return await handler(request);
      } catch (error) {
        const failure = ledgerFailure(error);
        // The failure speaks of the import; the operator also needs to know their own request
        // (a setting, a tracking number) did not happen, so they try it again later.
        throw failure === null ? error : new OperatorError('failed', `${failure.message} This request was not carried out; try it again once the ledger can be written.`);
      }
    };
  }
  return explained as unknown as EngineHandlers;
}
