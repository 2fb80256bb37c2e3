// The contract-based API's wire format: every field wrapped as {"value": ...}, records with id,
// rowNumber, note, custom and _links (server-relative, virtual directory included), instants
// with the server's UTC offset. Nested objects and detail arrays only when expanded.
import type { Database } from '../data/database.ts';
import { formatDate, formatTimestamp } from '../util/clock.ts';
import type { Selection } from './query.ts';
import { fieldIn, type AnyEntityDef, type BaseRecord, type FieldType, type RawValue } from './schema.ts';

export interface RenderContext {
  db: Database;
  version: string;
  virtualDirectory: string;
  utcOffsetMinutes: number;
}

export interface RenderShape {
  expand: Set<string>;
  select: Selection | null;
}

type Wire = Record<string, unknown>;

export function renderRecord(def: AnyEntityDef, record: BaseRecord, rowNumber: number, shape: RenderShape, ctx: RenderContext): Wire {
  const out: Wire = { id: record.id, rowNumber, note: { value: record.note } };
  for (const name of Object.keys(def.fields)) {
    const field = fieldIn(def, name, ctx.version);
    if (!field) continue;
    if (shape.select?.top && !shape.select.top.has(name)) continue;
    const value = field.get(record);
    // Acumatica sends an empty object for a null top-level field.
    out[name] = value === null ? {} : { value: wireValue(field.type, value, ctx) };
  }
  for (const name of shape.expand) {
    const child = def.children[name];
    if (!child) continue;
    // An expanded child is always rendered; "$select=Details/InventoryID" narrows its fields.
    const only = shape.select?.children.get(name) ?? null;
    const rows = child.rows(record, ctx.db).map((row, i) => {
      const wire: Wire = { id: row.id, rowNumber: i + 1, note: null };
      for (const [field, type] of Object.entries(child.fields)) {
        if (only && !only.has(field)) continue;
        const value = row.values[field] ?? null;
        // In detail rows a null field is simply absent.
        if (value !== null) wire[field] = { value: wireValue(type, value, ctx) };
      }
      wire.custom = {};
      return wire;
    });
    out[name] = child.kind === 'object' ? (rows[0] ?? null) : rows;
  }
  out.custom = {};
  const base = `${ctx.virtualDirectory}/entity/Default/${ctx.version}`;
  out._links = {
    self: `${base}/${def.name}/${record.id}`,
    'files:put': `${base}/files/${def.filesPath}/${def.keyValues(record).map(encodeURIComponent).join('/')}/{filename}`,
  };
  return out;
}

function wireValue(type: FieldType, value: Exclude<RawValue, null>, ctx: RenderContext): string | number | boolean {
  switch (type) {
    case 'datetime':
      return formatTimestamp(Number(value), ctx.utcOffsetMinutes);
    case 'date':
      return formatDate(Number(value), ctx.utcOffsetMinutes);
    default:
      return value;
  }
}
