// The result of "Test connection": one check per thing that can be wrong, each with the fix in
// plain words and the step of DropStream's setup article that covers it.
import { z } from 'zod';

export const PreflightCheckId = z.enum([
  'instance-reachable',
  'client-credentials',
  'user-credentials',
  'sales-orders-read',
  'shipments-read',
  'shipments-write',
  'stock-items-read',
  'login-limit',
]);
export type PreflightCheckId = z.infer<typeof PreflightCheckId>;

export const PreflightCheck = z.object({
  id: PreflightCheckId,
  label: z.string(),
  outcome: z.enum(['ok', 'failed', 'unknown']),
  detail: z.string(),
  fix: z.string().nullable(),
  articleStep: z.string().nullable(),
});
export type PreflightCheck = z.infer<typeof PreflightCheck>;

export const PreflightResult = z.object({
  ok: z.boolean(),
  endpointVersion: z.string().nullable(),
  checks: z.array(PreflightCheck),
});
export type PreflightResult = z.infer<typeof PreflightResult>;
