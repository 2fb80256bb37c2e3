// The fake engine's deliveries and tracking: a few parked jobs and failed numbers to retry or dismiss, and a
// tracking queue that knows a number it has seen before.
import type { EngineHandlers } from '../../main/engine/dispatch.ts';
import type { DeliveryJob, TrackingView } from '../../preload/api.ts';

type FulfillmentHandlers = Pick<EngineHandlers, 'listDeliveries' | 'retryDelivery' | 'dismissDelivery' | 'addTracking' | 'listTracking' | 'retryTracking' | 'dismissTracking' | 'webhookSecretsStored' | 'setWebhookSecrets'>;

export function createFakeFulfillment(): FulfillmentHandlers {
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  let parked: DeliveryJob[] = [
    { id: 11, entity: 'order', recordKey: 'SO/SO199990', destination: 'webhook', status: 'parked', attempts: 8, nextAttemptAt: at(0), lastError: 'The webhook answered 400 Bad Request: "shipTo.postalCode is required".', updatedAt: at(42) },
    { id: 12, entity: 'shipment', recordKey: 'SH004417', destination: 'folder', status: 'parked', attempts: 8, nextAttemptAt: at(0), lastError: 'EACCES: permission denied, open \'/srv/dropstream/out/SH004417.json\'', updatedAt: at(130) },
  ];
  let nextId = 100;
  const tracking: TrackingView[] = [
    { id: 21, target: { kind: 'shipment', shipmentNbr: 'SH009999' }, trackingNbr: '1Z999AA10123456784', carrier: 'UPS', status: 'failed', error: 'Shipment SH009999 does not exist in Acumatica.', updatedAt: at(15) },
    { id: 22, target: { kind: 'order', orderType: 'SO', orderNbr: 'SO199950' }, trackingNbr: '9400111899223197428490', carrier: 'USPS', status: 'failed', error: 'Order SO SO199950 has no shipment and creating shipments is off (createShipmentsForOrders).', updatedAt: at(70) },
  ];
  let webhookSecrets = { apiKey: false, signingSecret: false, storedForOtherReceiver: null as string | null };
  const keyOf = (row: Pick<TrackingView, 'target' | 'trackingNbr'>) => `${JSON.stringify(row.target)} ${row.trackingNbr.trim()}`;
  return {
    listDeliveries: ({ status, limit }) => (status === 'parked' ? parked.slice(0, limit) : []),
    retryDelivery: ({ id }) => (parked = parked.filter((job) => job.id !== id)),
    dismissDelivery: ({ id }) => (parked = parked.filter((job) => job.id !== id)),
    addTracking: (input) => {
      const existing = tracking.find((row) => keyOf(row) === keyOf(input));
      if (existing) return { queued: false, id: existing.id, status: existing.status };
      nextId += 1;
      tracking.push({ id: nextId, target: input.target, trackingNbr: input.trackingNbr.trim(), carrier: input.carrier, status: 'queued', error: null, updatedAt: new Date().toISOString() });
      return { queued: true, id: nextId, status: 'queued' };
    },
    listTracking: ({ status, limit }) => tracking.filter((row) => row.status === status).slice(0, limit),
    retryTracking: ({ id }) => {
      const row = tracking.find((candidate) => candidate.id === id && (candidate.status === 'failed' || candidate.status === 'dismissed'));
      if (row) row.status = 'queued';
      return { requeued: row !== undefined };
    },
    dismissTracking: ({ id }) => {
      const row = tracking.find((candidate) => candidate.id === id && candidate.status === 'failed');
      if (row) row.status = 'dismissed';
      return { dismissed: row !== undefined };
    },
    webhookSecretsStored: () => webhookSecrets,
    setWebhookSecrets: () => (webhookSecrets = { apiKey: true, signingSecret: true, storedForOtherReceiver: null }),
  };
}
