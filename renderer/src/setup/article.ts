// Where each value and each fix is explained in DropStream's setup article ("Getting your Acumatica
// API credentials"): the form's help text and the preflight's fixes point the operator there.
import type { PreflightCheckId } from '../../../preload/api.ts';

export const ARTICLE_NAME = 'the DropStream setup article';

export const articleSteps = {
  overview: 'the introduction (the five values you need)',
  user: 'step 1, “Create a Dedicated Integration User”',
  userRoles: 'step 1, “Assign a Role” (Sales Orders, Shipments, Inventory, REST API)',
  loginLimit: 'step 1, the tip on concurrent API logins',
  app: 'step 2, “Register a Connected Application”',
  flow: 'step 2, OAuth 2.0 Flow “Resource Owner Password Credentials”',
  secret: 'step 2, “Add Shared Secret” on the Secrets tab',
  clientId: 'step 2, the Client ID shown after you save the application',
  expiry: '“About the Shared Secret expiration”',
  refresh: '“About refresh tokens”',
} as const;

export type ArticleStep = keyof typeof articleSteps;

/** "the setup article, step 1, …" for help texts that stand alone. */
export function inArticle(step: ArticleStep): string {
  return `the setup article, ${articleSteps[step]}`;
}

const stepOfCheck: Record<PreflightCheckId, ArticleStep> = {
  'instance-reachable': 'overview',
  'client-credentials': 'app',
  'user-credentials': 'user',
  'sales-orders-read': 'userRoles',
  'shipments-read': 'userRoles',
  'shipments-write': 'userRoles',
  'stock-items-read': 'userRoles',
  'login-limit': 'loginLimit',
};

const numbered: Record<string, ArticleStep> = { '1': 'user', '2': 'app' };

/**
 * The engine names the step ("Setup article, part 1: Create a Dedicated Integration User"); the UI
 * already says "the setup article", so that prefix goes. A bare number or nothing falls back to the
 * article's own titles.
 */
export function articleStepText(id: PreflightCheckId, fromEngine: string | null): string {
  const raw = (fromEngine ?? '').replace(/(^|;\s*)setup article\s*[,:]?\s*/gi, '$1').trim();
  const step = /^\d+$/.test(raw) ? numbered[raw] : undefined;
  if (raw !== '' && step === undefined) return raw;
  return articleSteps[step ?? stepOfCheck[id]];
}
