// `deliveries`: the outbox as an admin sees it: jobs by status, retrying a parked one, and the
// webhook's API key and signing secret (from the environment or a prompt, stored in the vault).
import { parseFlags, positiveInteger } from '../cli-args.ts';
import { EXIT, UsageError, type Command } from '../cli-types.ts';
import { readSecret, SECRET_ENV } from '../secret-input.ts';
import { withEngine } from './with-engine.ts';

const STATUSES = ['pending', 'parked', 'delivered'] as const;
type Status = (typeof STATUSES)[number];

export const deliveriesCommand: Command = {
  name: 'deliveries',
  summary: 'delivery jobs: list, retry a parked one, set the webhook secrets',
  usage: 'deliveries list [--status pending|parked|delivered (default: parked)] [--limit N] [--json]\n      deliveries retry ID\n      deliveries set-webhook-secrets   (DROPSTREAM_WEBHOOK_API_KEY, DROPSTREAM_WEBHOOK_SIGNING_SECRET, or prompts)',
  async run(context, args) {
    const [action, ...rest] = args;
    switch (action) {
      case 'list': {
        const { values } = parseFlags(rest, { status: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } });
        const status = (values.status ?? 'parked') as Status;
        if (!STATUSES.includes(status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')} (got "${values.status}").`);
        const limit = positiveInteger('limit', values.limit, 50);
        return withEngine(context, async ({ connector }) => {
          const jobs = connector.ledger.outbox.listByStatus(status, limit);
          if (values.json) context.out(JSON.stringify(jobs, null, 2));
          else if (jobs.length === 0) context.out(`No ${status} deliveries (use --status ${STATUSES.join('|')}).`);
          else for (const job of jobs) context.out(`#${job.id} ${job.destination} ${job.idempotencyKey} attempts ${job.attempts}${job.lastError ? `: ${job.lastError}` : ''}`);
          return EXIT.ok;
        });
      }
      case 'retry': {
        const { positionals } = parseFlags(rest, {}, 1);
        const id = deliveryId(positionals[0]);
        return withEngine(context, async ({ connector }) => {
          if (!connector.ledger.outbox.retryParked(id)) {
            const status = connector.ledger.outbox.statusOf(id);
            if (status === null) throw new UsageError(`Delivery #${id} does not exist (see "deliveries list").`);
            throw new UsageError(`Delivery #${id} is ${status}, not parked: only a parked delivery can be retried.`);
          }
          context.out(`Delivery #${id} will be retried at the next sync.`);
          return EXIT.ok;
        });
      }
      case 'set-webhook-secrets': {
        parseFlags(rest, {});
        return withEngine(context, async ({ connector }) => {
          const apiKey = await readSecret('webhookApiKey', 'Webhook API key', context.env, context.terminal);
          const signingSecret = await readSecret('webhookSigningSecret', 'Webhook signing secret', context.env, context.terminal);
          if (!apiKey || !signingSecret) {
            throw new UsageError(`Set ${SECRET_ENV.webhookApiKey} and ${SECRET_ENV.webhookSigningSecret} (secrets are never taken from the command line).`);
          }
          await connector.vault.setMany({ webhookApiKey: apiKey, webhookSigningSecret: signingSecret });
          context.out('Stored the webhook API key and signing secret (encrypted).');
          return EXIT.ok;
        });
      }
      default:
        throw new UsageError(`deliveries: say list, retry or set-webhook-secrets (got "${action ?? ''}").`);
    }
  },
};

/** `retry`'s ID: a whole number JavaScript holds exactly, so the job looked up is the one typed. */
function deliveryId(value: string | undefined): number {
  if (value === undefined) throw new UsageError('deliveries retry: give the job number (see "deliveries list").');
  const id = Number(value);
  if (!/^\d+$/.test(value) || id < 1) throw new UsageError(`ID must be a whole number above 0 (got ${JSON.stringify(value.slice(0, 40))}).`);
  if (!Number.isSafeInteger(id)) throw new UsageError(`ID ${value.slice(0, 40)} is larger than any id (${Number.MAX_SAFE_INTEGER} at most).`);
  return id;
}
