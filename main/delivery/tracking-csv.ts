// Tracking numbers from CSV (the inbox folder and `tracking import`). Parsed with csv-parse: BOM,
// CRLF, quoted fields and ragged rows are its job. Each row becomes a queued writeback or a
// rejection that names the row and the problem; a bad row never stops the good ones.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { TrackingInput } from '../store/index.ts';

export type TrackingRowResult = { row: number; ok: true; input: TrackingInput } | { row: number; ok: false; reason: string };

const HEADER_ALIASES: Record<string, string> = {
  shipmentnbr: 'shipmentNbr',
  shipment: 'shipmentNbr',
  ordertype: 'orderType',
  ordernbr: 'orderNbr',
  order: 'orderNbr',
  trackingnbr: 'trackingNbr',
  trackingnumber: 'trackingNbr',
  tracking: 'trackingNbr',
  carrier: 'carrier',
  shipvia: 'carrier',
  weight: 'weight',
  boxid: 'boxId',
  box: 'boxId',
};

const text = (max: number) => z.string().trim().max(max).transform((value) => (value === '' ? undefined : value)).optional();

const Row = z
  .object({
    shipmentNbr: text(15),
    orderType: text(2),
    orderNbr: text(15),
    trackingNbr: z.string().trim().min(1, 'TrackingNbr is empty').max(100, 'TrackingNbr is longer than 100 characters'),
    carrier: text(50),
    weight: z
      .string()
      .trim()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined || value === '') return undefined;
        const weight = Number(value);
        if (!Number.isFinite(weight) || weight < 0) {
          ctx.addIssue({ code: 'custom', message: `Weight "${value}" is not a number of 0 or more` });
          return z.NEVER;
        }
        return weight;
      }),
    boxId: text(30),
  })
  .superRefine((row, ctx) => {
    if (!row.shipmentNbr && !(row.orderType && row.orderNbr)) {
      ctx.addIssue({ code: 'custom', message: 'Give ShipmentNbr, or OrderType and OrderNbr' });
    }
  });

export function normaliseHeader(name: string): string {
  return HEADER_ALIASES[name.replace(/[\s_-]/g, '').toLowerCase()] ?? name;
}

/** Parse a whole CSV text; throws only when the file as a whole is unreadable (no header, bad quoting). */
export function parseTrackingCsv(content: string | Buffer): TrackingRowResult[] {
  const records: Record<string, string>[] = parse(content, {
    bom: true,
    columns: (header: string[]) => header.map(normaliseHeader),
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
  });
  if (records.length > 0 && !('trackingNbr' in records[0]!)) {
    throw new Error('The header row has no TrackingNbr column (expected ShipmentNbr or OrderType+OrderNbr, TrackingNbr, Carrier, Weight, BoxID).');
  }
  // Row numbers as a spreadsheet shows them: the header is row 1.
  return records.map((record, index) => toResult(record, index + 2));
}

export function toResult(record: Record<string, unknown>, row: number): TrackingRowResult {
  const parsed = Row.safeParse(record);
  if (!parsed.success) return { row, ok: false, reason: parsed.error.issues.map((issue) => issue.message).join('; ') };
  const value = parsed.data;
  const target: TrackingInput['target'] = value.shipmentNbr
    ? { kind: 'shipment', shipmentNbr: value.shipmentNbr }
    : { kind: 'order', orderType: value.orderType!, orderNbr: value.orderNbr! };
  return {
    row,
    ok: true,
    input: { target, trackingNbr: value.trackingNbr, carrier: value.carrier ?? null, weight: value.weight ?? null, boxId: value.boxId ?? null },
  };
}
