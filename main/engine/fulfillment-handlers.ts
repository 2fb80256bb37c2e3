// The contract's delivery and tracking methods: the lists the UI shows and the operator's actions
// on them (retry or dismiss a parked delivery, queue a tracking number, requeue or dismiss a failed one).
import type { OutboxEntry, TrackingEntry } from '../store/index.ts';
import type { DeliveryJob, TrackingView } from '../../preload/api.ts';
import type { Connector } from './connector.ts';
import type { EngineHandlers } from './dispatch.ts';
import { DeliveryDismissRefused, dismissParkedDelivery } from './dismiss-delivery.ts';
import { TrackingDismissRefused, dismissFailedTracking } from './dismiss-tracking.ts';
import { deliveryRetryRefusal } from './retry-refusal.ts';
import { requeueTracking } from './requeue-tracking.ts';
import { recordTrackingQueued } from './tracking-queued-entry.ts';
import { OperatorError } from './dispatch.ts';
import { storeWebhookSecrets, webhookSecretsStored } from './webhook-secrets.ts';

type FulfillmentMethods = Pick<EngineHandlers, 'listDeliveries' | 'retryDelivery' | 'dismissDelivery' | 'addTracking' | 'listTracking' | 'retryTracking' | 'dismissTracking' | 'webhookSecretsStored' | 'setWebhookSecrets'>;

const iso = (ms: number) => new Date(ms).toISOString();

function toJob(entry: OutboxEntry): DeliveryJob {
  return {
    id: entry.id,
    entity: entry.entity,
    recordKey: entry.recordKey,
    destination: entry.destination,
    status: entry.status,
    attempts: entry.attempts,
    nextAttemptAt: iso(entry.nextAttemptAt),
    lastError: entry.lastError,
    updatedAt: iso(entry.updatedAt),
  };
}

function toTracking(entry: TrackingEntry): TrackingView {
  return { id: entry.id, target: entry.target, trackingNbr: entry.trackingNbr, carrier: entry.carrier, status: entry.status, error: entry.error, updatedAt: iso(entry.updatedAt) };
}

export function fulfillmentHandlers(connector: Connector): FulfillmentMethods {
  const ledger = connector.ledger;
  return {
    listDeliveries: ({ status, limit }) => ledger.outbox.listByStatus(status, limit).map(toJob),
    retryDelivery({ id }) {
      if (!ledger.outbox.retryParked(id)) throw new OperatorError('invalid-request', deliveryRetryRefusal(id, ledger.outbox.statusOf(id)), 'id');
      void connector.syncNow();
      return ledger.outbox.listByStatus('parked', 200).map(toJob);
    },
    dismissDelivery({ id }) {
      try {
        dismissParkedDelivery(ledger, id, 'dashboard');
      } catch (error) {
        if (error instanceof DeliveryDismissRefused) throw new OperatorError('invalid-request', error.message, 'id');
        throw error;
      }
      connector.ledgerChangedByOperator();
      return ledger.outbox.listByStatus('parked', 200).map(toJob);
    },
    addTracking(input) {
      const result = ledger.tracking.enqueue(input);
      if (result.queued) {
        recordTrackingQueued(ledger, input, 'dashboard');
        connector.ledgerChangedByOperator();
      }
      return { ...result, status: ledger.tracking.statusOf(result.id) ?? 'queued' };
    },
    listTracking: ({ status, limit }) => ledger.tracking.listByStatus(status, limit).map(toTracking),
    retryTracking({ id }) {
      const requeued = requeueTracking(ledger, id, 'dashboard');
      if (requeued) connector.ledgerChangedByOperator();
      return { requeued };
    },
    dismissTracking({ id }) {
      try {
        dismissFailedTracking(ledger, id, 'dashboard');
      } catch (error) {
        // As retryTracking: a number no longer failed (retried, or dismissed in another window) leaves the list.
        if (error instanceof TrackingDismissRefused) return { dismissed: false };
        throw error;
      }
      connector.ledgerChangedByOperator();
      return { dismissed: true };
    },
    webhookSecretsStored: () => webhookSecretsStored(connector),
    async setWebhookSecrets({ apiKey, signingSecret }) {
      await storeWebhookSecrets(connector, { apiKey, signingSecret });
      ledger.activity.record({ level: 'info', kind: 'deliveries.webhook-secrets-changed', message: 'The webhook API key and signing secret were changed.' });
      // No sync of its own: pending deliveries go at the next scheduled one, and a paused connector
      // stays paused (the operator may be storing them ahead of the receiver going live).
      return webhookSecretsStored(connector);
    },
  };
}
