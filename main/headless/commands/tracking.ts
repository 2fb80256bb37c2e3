// `tracking add` and `tracking import`: queue tracking numbers for writeback to Acumatica's
// shipments. Queueing is idempotent: the same number for the same shipment or order is kept once.
import { readFileSync } from 'node:fs';
import { parseTrackingCsv, toResult } from '../../delivery/tracking-csv.ts';
import { describeTrackingTarget } from '../../delivery/tracking-target.ts';
import { parseFlags, positiveInteger, recordId } from '../cli-args.ts';
import { EXIT, UsageError, type Command } from '../cli-types.ts';
import { TrackingDismissRefused, dismissFailedTracking } from '../../engine/dismiss-tracking.ts';
import { requeueTracking } from '../../engine/requeue-tracking.ts';
import { recordTrackingQueued } from '../../engine/tracking-queued-entry.ts';
import { trackingRetryRefusal } from '../../engine/retry-refusal.ts';
import { withEngine } from './with-engine.ts';

export const trackingCommand: Command = {
  name: 'tracking',
  summary: 'queue tracking numbers for writeback to Acumatica',
  usage:
    'tracking add (--shipment NBR | --order TYPE:NBR) --tracking NBR [--carrier C] [--weight W] [--box BOXID]\n' +
    '      tracking import FILE.csv\n      tracking list [--status queued|posted|failed|dismissed (default: failed)] [--limit N] [--json]\n      tracking retry ID\n' +
    '      tracking dismiss ID   (close a failed number unposted: entered in Acumatica by hand, or a mistake)',
  async run(context, args) {
    const [action, ...rest] = args;
    if (action === 'add') return add(context, rest);
    if (action === 'import') return importFile(context, rest);
    if (action === 'list') return list(context, rest);
    if (action === 'retry') return retry(context, rest);
    if (action === 'dismiss') return dismiss(context, rest);
    throw new UsageError(`say add, import, list, retry or dismiss (got "${action ?? ''}").`);
  },
};

async function add(context: Parameters<Command['run']>[0], args: string[]) {
  const { values } = parseFlags(args, {
    shipment: { type: 'string' },
    order: { type: 'string' },
    tracking: { type: 'string' },
    carrier: { type: 'string' },
    weight: { type: 'string' },
    box: { type: 'string' },
  });
  if ((values.shipment === undefined) === (values.order === undefined)) throw new UsageError('Give exactly one of --shipment NBR or --order TYPE:NBR.');
  const [orderType, orderNbr, ...extra] = (values.order ?? '').split(':');
  if (values.order !== undefined && (!orderType || !orderNbr || extra.length > 0)) throw new UsageError(`--order must look like SO:SO001234 (got "${values.order}").`);
  const result = toResult(
    {
      shipmentNbr: values.shipment,
      orderType: values.order === undefined ? undefined : orderType,
      orderNbr: values.order === undefined ? undefined : orderNbr,
      trackingNbr: values.tracking ?? '',
      carrier: values.carrier,
      weight: values.weight,
      boxId: values.box,
    },
    { row: 1, line: 1 },
  );
  if (!result.ok) throw new UsageError(inFlagWords(result.reason));
  return withEngine(context, async ({ connector }) => {
    const queued = connector.ledger.tracking.enqueue(result.input);
    const nbr = result.input.trackingNbr;
    const status = queued.queued ? 'queued' : connector.ledger.tracking.statusOf(queued.id);
    if (queued.queued) {
      // As the dashboard's queueing: the operator's history says where a number came from.
      recordTrackingQueued(connector.ledger, result.input, 'command line');
      context.out(`Queued tracking ${nbr} (#${queued.id}).`);
    }
    else if (status === 'failed') {
      // "Already queued" sent the operator looking for a number that waits, while it had failed.
      context.out(`Tracking ${nbr} failed before (#${queued.id}; see "tracking list"). Run "tracking retry ${queued.id}" once the cause is fixed in Acumatica, or add it again with the corrected --box, --weight or --carrier.`);
    } else if (status === 'dismissed') {
      context.out(`Tracking ${nbr} was dismissed before (#${queued.id}; see "tracking list --status dismissed") and is not written to Acumatica. Run "tracking retry ${queued.id}" to send it after all, or add it again with a corrected --box, --weight or --carrier.`);
    } else context.out(`Tracking ${nbr} was already ${status === 'posted' ? 'posted' : 'queued'} (#${queued.id}).`);
    return EXIT.ok;
  });
}

/** The CSV parser's reasons name its columns; typed as flags, they name the flags. */
const FLAG_OF_COLUMN: readonly [RegExp, string][] = [
  [/Give ShipmentNbr, or OrderType and OrderNbr(, not both)?/g, 'Give exactly one of --shipment NBR or --order TYPE:NBR'],
  [/TrackingNbr is empty/g, '--tracking NBR is required'],
  [/\bShipmentNbr\b/g, '--shipment'],
  [/\bOrderType\b/g, 'the TYPE of --order'],
  [/\bOrderNbr\b/g, 'the NBR of --order'],
  [/\bTrackingNbr\b/g, '--tracking'],
  [/\bCarrier\b/g, '--carrier'],
  [/\bWeight\b/g, '--weight'],
  [/\bBoxID\b/g, '--box'],
];

function inFlagWords(reason: string): string {
  return FLAG_OF_COLUMN.reduce((text, [column, flag]) => text.replace(column, flag), reason);
}

async function importFile(context: Parameters<Command['run']>[0], args: string[]) {
  const { positionals } = parseFlags(args, {}, 1);
  const file = positionals[0];
  if (!file) throw new UsageError('tracking import: name the CSV file.');
  let rows;
  try {
    rows = parseTrackingCsv(readFileSync(file));
  } catch (error) {
    throw new UsageError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return withEngine(context, async ({ connector }) => {
    let queued = 0;
    let duplicates = 0;
    // A row the same as a number that failed stays failed: counted as "already queued", the
    // operator waited for numbers that were never going to be posted.
    let failedBefore = 0;
    let dismissedBefore = 0;
    const rejected = rows.filter((row) => !row.ok);
    for (const row of rows) {
      if (!row.ok) continue;
      const result = connector.ledger.tracking.enqueue(row.input);
      const status = result.queued ? 'queued' : connector.ledger.tracking.statusOf(result.id);
      if (result.queued) queued += 1;
      else if (status === 'failed') failedBefore += 1;
      else if (status === 'dismissed') dismissedBefore += 1;
      else duplicates += 1;
    }
    const failed =
      failedBefore === 0
        ? ''
        : ` ${failedBefore} failed before and ${failedBefore === 1 ? 'was' : 'were'} not queued again (see "tracking list"): run "tracking retry ID" once the cause is fixed in Acumatica, or import the rows with the corrected BoxID, Weight or Carrier.`;
    const dismissed =
      dismissedBefore === 0
        ? ''
        : ` ${dismissedBefore} ${dismissedBefore === 1 ? 'was' : 'were'} dismissed before and ${dismissedBefore === 1 ? 'stays' : 'stay'} dismissed (see "tracking list --status dismissed"); run "tracking retry ID" to send one after all, or import the rows with a corrected BoxID, Weight or Carrier.`;
    connector.ledger.activity.record({
      level: rejected.length > 0 ? 'warn' : 'info',
      kind: 'tracking.imported',
      message: `Tracking file ${file} imported from the command line: ${queued} queued, ${duplicates + failedBefore + dismissedBefore} already known, ${rejected.length} rejected.`,
      details: { file, queued, duplicates, failedBefore, dismissedBefore, rejected: rejected.length },
    });
    context.out(`${file}: ${queued} queued, ${duplicates} already queued, ${rejected.length} rejected.${failed}${dismissed}`);
    for (const row of rejected) if (!row.ok) context.err(`line ${row.line}: ${row.reason}`);
    return rejected.length > 0 ? EXIT.invalid : EXIT.ok;
  });
}

const STATUSES = ['queued', 'posted', 'failed', 'dismissed'] as const;

async function list(context: Parameters<Command['run']>[0], args: string[]) {
  const { values } = parseFlags(args, { status: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } });
  const status = (values.status ?? 'failed') as (typeof STATUSES)[number];
  if (!STATUSES.includes(status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')} (got "${values.status}").`);
  const limit = positiveInteger('limit', values.limit, 50);
  return withEngine(context, async ({ connector }) => {
    const rows = connector.ledger.tracking.listByStatus(status, limit);
    if (values.json) context.out(JSON.stringify(rows, null, 2));
    else if (rows.length === 0) context.out(`No ${status} tracking numbers (use --status ${STATUSES.join('|')}).`);
    else {
      for (const row of rows) {
        context.out(`#${row.id} ${row.trackingNbr} for ${describeTrackingTarget(row.target)}${row.error ? `: ${row.error}` : ''}`);
      }
    }
    return EXIT.ok;
  });
}

async function retry(context: Parameters<Command['run']>[0], args: string[]) {
  const { positionals } = parseFlags(args, {}, 1);
  const id = recordId(positionals[0], 'retry: give the number\'s id (see "tracking list").');
  return withEngine(context, async ({ connector }) => {
    if (!requeueTracking(connector.ledger, id, 'command line')) {
      throw new UsageError(trackingRetryRefusal(id, connector.ledger.tracking.statusOf(id)));
    }
    context.out(`Tracking #${id} will be posted at the next sync.`);
    return EXIT.ok;
  });
}

async function dismiss(context: Parameters<Command['run']>[0], args: string[]) {
  const { positionals } = parseFlags(args, {}, 1);
  const id = recordId(positionals[0], 'dismiss: give the number\'s id (see "tracking list").');
  return withEngine(context, async ({ connector }) => {
    let entry;
    try {
      entry = dismissFailedTracking(connector.ledger, id, 'command line');
    } catch (error) {
      if (error instanceof TrackingDismissRefused) throw new UsageError(error.message);
      throw error;
    }
    context.out(`Tracking ${entry.trackingNbr} (#${id}) was dismissed: it will not be written to Acumatica (tracking list --status dismissed shows it).`);
    return EXIT.ok;
  });
}
