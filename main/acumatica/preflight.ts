// The access check run at setup, so that missing rights fail there and not at runtime: the token,
// endpoint discovery, a read probe per entity and a write probe on Shipment that changes nothing.
// It uses the running TokenManager, so it costs no extra licence seat.
import { ENTITY_FORMS } from './classify-response.ts';
import type { Endpoint } from './endpoint-discovery.ts';
import { AcumaticaError, type AcumaticaErrorKind, type FormRef } from './errors.ts';
import type { AcumaticaRestClient } from './rest-client.ts';

export type RightCheck =
  | { status: 'ok' }
  | { status: 'missing'; form: FormRef; message: string }
  | { status: 'unknown'; message: string };

export type StepCheck<T> = ({ status: 'ok' } & T) | { status: 'failed'; kind: AcumaticaErrorKind; message: string };

export interface PreflightResult {
  token: StepCheck<object>;
  endpoint: StepCheck<{ endpoint: Endpoint }>;
  rights: {
    salesOrderRead: RightCheck;
    shipmentRead: RightCheck;
    stockItemRead: RightCheck;
    shipmentWrite: RightCheck;
  };
  /** Everything ok: the connector can run. */
  ok: boolean;
}

/** A shipment number no numbering sequence produces, so the update-only PUT can never match. */
export const WRITE_PROBE_KEY = '~DS-PREFLIGHT~';

const READ_PROBES = [
  ['salesOrderRead', 'SalesOrder', 'OrderNbr'],
  ['shipmentRead', 'Shipment', 'ShipmentNbr'],
  ['stockItemRead', 'StockItem', 'InventoryID'],
] as const;

function describe(error: unknown): AcumaticaError {
  return error instanceof AcumaticaError
    ? error
    : new AcumaticaError({ kind: 'bad-response', message: error instanceof Error ? error.message : String(error) });
}

function fromError(error: unknown, entity: string): RightCheck {
  const failure = describe(error);
  if (failure.kind === 'forbidden') {
    return { status: 'missing', form: failure.form ?? ENTITY_FORMS[entity] ?? { id: null, name: null }, message: failure.message };
  }
  return { status: 'unknown', message: failure.message };
}

const unknown = (message: string): RightCheck => ({ status: 'unknown', message });

export async function runPreflight(options: {
  client: AcumaticaRestClient;
  tokens: { getAccessToken(): Promise<string> };
}): Promise<PreflightResult> {
  const { client, tokens } = options;
  const skipped = (why: string) => ({
    salesOrderRead: unknown(why),
    shipmentRead: unknown(why),
    stockItemRead: unknown(why),
    shipmentWrite: unknown(why),
  });

  try {
    await tokens.getAccessToken();
  } catch (error) {
    const failure = describe(error);
    const why = 'Not checked: the connector could not sign in.';
    return {
      token: { status: 'failed', kind: failure.kind, message: failure.message },
      endpoint: { status: 'failed', kind: failure.kind, message: why },
      rights: skipped(why),
      ok: false,
    };
  }

  let endpoint: Endpoint;
  try {
    endpoint = await client.discover();
  } catch (error) {
    const failure = describe(error);
    const why = 'Not checked: no usable REST endpoint.';
    return { token: { status: 'ok' }, endpoint: { status: 'failed', kind: failure.kind, message: failure.message }, rights: skipped(why), ok: false };
  }

  const rights = skipped('Not checked.');
  for (const [right, entity, keyField] of READ_PROBES) {
    try {
      await client.list(entity, { top: 1, select: [keyField] });
      rights[right] = { status: 'ok' };
    } catch (error) {
      rights[right] = fromError(error, entity);
    }
  }
  rights.shipmentWrite = await probeShipmentWrite(client);

  const ok = Object.values(rights).every((check) => check.status === 'ok');
  return { token: { status: 'ok' }, endpoint: { status: 'ok', endpoint }, rights, ok };
}

/** Update-only PUT on a key that cannot exist: 412 means the user may write, 403 means not. */
async function probeShipmentWrite(client: AcumaticaRestClient): Promise<RightCheck> {
  try {
    await client.put('Shipment', { ShipmentNbr: { value: WRITE_PROBE_KEY } }, { ifMatch: '*' });
    return unknown('The write probe unexpectedly succeeded; check the Shipments form rights by hand.');
  } catch (error) {
    if (error instanceof AcumaticaError && error.kind === 'precondition-failed') return { status: 'ok' };
    return fromError(error, 'Shipment');
  }
}
