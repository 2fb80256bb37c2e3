// The drawer's tracking form and the TrackingInput it sends, checked with the contract's schema so
// the form, `connector tracking add` and main give the same message for the same mistake.
import { TrackingInput, type OrderKey } from '../../../preload/api.ts';

export interface TrackingFormValues {
  trackingNbr: string;
  carrier: string;
  weight: string;
  boxId: string;
}

export type TrackingField = keyof TrackingFormValues;
export type TrackingErrors = Partial<Record<TrackingField, string>>;

export const EMPTY_TRACKING: TrackingFormValues = { trackingNbr: '', carrier: '', weight: '', boxId: '' };
export const TRACKING_FIELDS: readonly TrackingField[] = ['trackingNbr', 'carrier', 'weight', 'boxId'];

const optional = (text: string) => (text.trim() === '' ? null : text);

export type TrackingValidation = { ok: true; input: TrackingInput } | { ok: false; errors: TrackingErrors; first: TrackingField };

export function validateTracking(order: OrderKey, values: TrackingFormValues): TrackingValidation {
  const errors: TrackingErrors = {};
  const weightText = values.weight.trim().replace(',', '.');
  const weight = weightText === '' ? null : Number(weightText);
  if (weight !== null && !Number.isFinite(weight)) errors.weight = 'Enter the weight as a number, for example 2.5.';
  const input: TrackingInput = {
    target: { kind: 'order', orderType: order.orderType, orderNbr: order.orderNbr },
    trackingNbr: values.trackingNbr,
    carrier: optional(values.carrier),
    weight: errors.weight ? null : weight,
    boxId: optional(values.boxId),
  };
  const parsed = TrackingInput.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = TRACKING_FIELDS.find((name) => name === issue.path[0]);
      if (field && errors[field] === undefined) errors[field] = issue.message;
      // The target comes from the drawer, not from a field: its message goes on the number.
      if (issue.path[0] === 'target' && errors.trackingNbr === undefined) errors.trackingNbr = `This order cannot take tracking here: ${issue.message}`;
    }
  }
  const first = TRACKING_FIELDS.find((field) => errors[field] !== undefined);
  if (parsed.success && first === undefined) return { ok: true, input };
  return { ok: false, errors, first: first ?? 'trackingNbr' };
}

/** A server-side error names its field as `trackingNbr`, `weight`, … or `target.orderNbr`. */
export function trackingFieldFromServer(field: string | undefined): TrackingField {
  return TRACKING_FIELDS.find((name) => name === field) ?? 'trackingNbr';
}
