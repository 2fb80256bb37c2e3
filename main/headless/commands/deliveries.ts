// `deliveries`: the outbox as an admin sees it: jobs by status, retrying or dismissing a parked one, and the
// webhook's API key and signing secret (from the environment or a prompt, stored in the vault).
import { parseFlags, positiveInteger, recordId } from '../cli-args.ts';
import { EXIT, UsageError, type Command } from '../cli-types.ts';
import { readSecret, SECRET_ENV } from '../secret-input.ts';
import { DeliveryDismissRefused, dismissParkedDelivery } from '../../engine/dismiss-delivery.ts';
import { deliveryRetryRefusal } from '../../engine/retry-refusal.ts';
import { withEngine } from './with-engine.ts';
import { storeWebhookSecrets } from '../../engine/webhook-secrets.ts';

const STATUSES = ['pending', 'parked', 'delivered', 'dropped'] as const;
type Status = (typeof STATUSES)[number];

export const deliveriesCommand: Command = {
  name: 'deliveries',
  summary: 'delivery jobs: list, retry or dismiss a parked one, set the webhook secrets',
  usage: 'deliveries list [--status pending|parked|delivered|dropped (default: parked)] [--limit N] [--json]\n      deliveries retry ID\n      deliveries dismiss ID   (close a parked delivery unsent: you settled it another way)\n      deliveries set-webhook-secrets   (DROPSTREAM_WEBHOOK_API_KEY, DROPSTREAM_WEBHOOK_SIGNING_SECRET, or prompts)',
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
        const id = recordId(positionals[0], 'retry: give the job number (see "deliveries list").');
        return withEngine(context, async ({ connector }) => {
          if (!connector.ledger.outbox.retryParked(id)) {
            throw new UsageError(deliveryRetryRefusal(id, connector.ledger.outbox.statusOf(id)));
          }
          context.out(`Delivery #${id} will be retried at the next sync.`);
          return EXIT.ok;
        });
      }
      case 'dismiss': {
        const { positionals } = parseFlags(rest, {}, 1);
        const id = recordId(positionals[0], 'dismiss: give the job number (see "deliveries list").');
        return withEngine(context, async ({ connector }) => {
          try {
            dismissParkedDelivery(connector.ledger, id, 'command line');
          } catch (error) {
            if (error instanceof DeliveryDismissRefused) throw new UsageError(error.message);
            throw error;
          }
          context.out(`Delivery #${id} was dismissed: it will not be sent (deliveries list --status dropped shows it).`);
          return EXIT.ok;
        });
      }
      case 'set-webhook-secrets': {
        parseFlags(rest, {});
        return withEngine(context, async ({ connector }) => {
          const apiKey = await readSecret('webhookApiKey', 'Webhook API key', context.env, context.terminal);
          const signingSecret = await readSecret('webhookSigningSecret', 'Webhook signing secret', context.env, context.terminal);
          const missing = [apiKey ? null : SECRET_ENV.webhookApiKey, signingSecret ? null : SECRET_ENV.webhookSigningSecret].filter((name) => name !== null);
          if (missing.length > 0) {
            // Name only what is missing: an admin who set one of the two looks for the other.
            const also = missing.length === 1 ? ' as well: the two are stored together' : '';
            throw new UsageError(`Set ${missing.join(' and ')}${also} (secrets are never taken from the command line).`);
          }
          await storeWebhookSecrets(connector, { apiKey: apiKey!, signingSecret: signingSecret! });
          context.out('Stored the webhook API key and signing secret (encrypted).');
          return EXIT.ok;
        }, { createDataDir: true, needsSecrets: true }); // like config set: part of a scripted install
      }
      default:
        throw new UsageError(`say list, retry, dismiss or set-webhook-secrets (got "${action ?? ''}").`);
    }
  },
};
