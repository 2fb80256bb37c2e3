// CSV rendering of a payload for the folder export. Written by hand because csv-stringify is not
// installed (only csv-parse): RFC 4180 quoting, CRLF line ends, a header row, and a UTF-8 BOM so
// spreadsheet programs on Windows read accented names correctly. One row per order line, or per
// shipment package, with the header fields repeated: what shipping software imports most easily.
import type { DeliveryPayload, OrderPayload, ShipmentPayload } from './payload.ts';

type Cell = string | number | null;

/**
 * A text cell a spreadsheet would run as a formula: one starting with =, @, a tab or a CR, or with
 * + or - unless what follows is only digits and phone punctuation (a signed number, "+1 555-0100"),
 * also after leading whitespace (a program that trims the cell first would still run it) and as
 * the full-width ＝ ＋ － ＠ (U+FF1D, U+FF0B, U+FF0D, U+FF20) some spreadsheet locales read as = + - @.
 * Names and addresses come from web-shop customers, and an operator opens these files in Excel:
 * "=HYPERLINK(...)" or "-2+cmd|..." as a ship-to name must show as text, not run.
 * (OWASP, CSV Injection: https://owasp.org/www-community/attacks/CSV_Injection)
 *
 * Apostrophes already in front of such a start count too: "'=x" is written "''=x", so that
 * withoutFormulaGuard can take exactly one apostrophe off and give every value back as it was.
 */
const NEEDS_GUARD = /^'*(?:[\t\r]|\s*(?:[=@\uFF1D\uFF20]|[+\-\uFF0B\uFF0D](?![\d\s()./-]*$)))/;

/**
 * Quotes a field when it holds a comma, quote, CR or LF (or edge spaces); doubles inner quotes.
 * Text that would start a formula gets a leading apostrophe, which spreadsheets read as "this is
 * text" and do not show; numbers are written as they are.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'string' && NEEDS_GUARD.test(value) ? `'${value}` : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A field read back from a CSV file this connector wrote, as it was before csvField: the tracking
 * inbox's rejected rows are fixed by the operator and dropped back into the inbox, and a Box ID
 * or carrier written as '-LARGE must be read as -LARGE again, not queued with the apostrophe.
 * Only an apostrophe csvField would have added comes off ("'plain" and "O'Brien" stay as they are,
 * "''=x" becomes "'=x"): the exact inverse of csvField's guard.
 */
export function withoutFormulaGuard(field: string): string {
  return field.startsWith("'") && NEEDS_GUARD.test(field.slice(1)) ? field.slice(1) : field;
}

export function csvLines(rows: readonly (readonly Cell[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const ORDER_HEADER = [
  'OrderType', 'OrderNbr', 'Status', 'Date', 'RequestedOn', 'CustomerID', 'CustomerOrder', 'ShipVia', 'ShipToName',
  'Attention', 'AddressLine1', 'AddressLine2', 'City', 'State', 'PostalCode', 'Country', 'Email', 'Phone',
  'LineNbr', 'InventoryID', 'Description', 'Quantity', 'UOM', 'WarehouseID', 'UnitPrice', 'LastModified',
];

function orderRows({ order }: OrderPayload): Cell[][] {
  const head: Cell[] = [
    order.orderType, order.orderNbr, order.status, order.date, order.requestedOn, order.customerId, order.customerOrder,
    order.shipVia, order.contact.businessName, order.contact.attention, order.shipTo.addressLine1, order.shipTo.addressLine2,
    order.shipTo.city, order.shipTo.state, order.shipTo.postalCode, order.shipTo.country, order.contact.email, order.contact.phone,
  ];
  // An order without lines still gets a row, so the file is never just a header.
  const lines = order.lines.length > 0 ? order.lines : [null];
  return lines.map((line) => [
    ...head,
    line?.lineNbr ?? null, line?.inventoryId ?? null, line?.description ?? null, line?.quantity ?? null,
    line?.uom ?? null, line?.warehouseId ?? null, line?.unitPrice ?? null, order.lastModified,
  ]);
}

const SHIPMENT_HEADER = [
  'ShipmentNbr', 'Type', 'Status', 'ShipmentDate', 'CustomerID', 'WarehouseID', 'ShipVia', 'Orders',
  'PackageID', 'BoxID', 'TrackingNbr', 'Weight', 'LastModified',
];

function shipmentRows({ shipment }: ShipmentPayload): Cell[][] {
  const orders = shipment.orders.map((o) => `${o.orderType} ${o.orderNbr}`).join('; ');
  const head: Cell[] = [
    shipment.shipmentNbr, shipment.type, shipment.status, shipment.shipmentDate, shipment.customerId,
    shipment.warehouseId, shipment.shipVia, orders,
  ];
  const packages = shipment.packages.length > 0 ? shipment.packages : [null];
  return packages.map((pkg) => [...head, pkg?.id ?? null, pkg?.boxId ?? null, pkg?.trackingNbr ?? null, pkg?.weight ?? null, shipment.lastModified]);
}

export function payloadCsv(payload: DeliveryPayload): string {
  const rows = payload.entity === 'order' ? [ORDER_HEADER, ...orderRows(payload)] : [SHIPMENT_HEADER, ...shipmentRows(payload)];
  return `\uFEFF${csvLines(rows)}`;
}
