// Turns the client's preflight into the checks the operator sees: one line per thing that can be
// wrong, with the fix in plain words and the step of DropStream's setup article that covers it.
import type { AcumaticaErrorKind, FormRef } from '../acumatica/errors.ts';
import type { PreflightResult as ClientPreflight, RightCheck } from '../acumatica/preflight.ts';
import type { PreflightCheck, PreflightCheckId, PreflightResult } from '../../preload/api.ts';

const STEP_USER = 'Setup article, part 1: Create a Dedicated Integration User';
const STEP_APP = 'Setup article, part 2: Register a Connected Application';
const STEP_SECRET = 'Setup article: About the Shared Secret expiration';

const REACHABILITY_KINDS: ReadonlySet<AcumaticaErrorKind> = new Set(['network', 'timeout', 'configuration', 'bad-response', 'not-found', 'server']);

function check(id: PreflightCheckId, label: string, outcome: PreflightCheck['outcome'], detail: string, fix: string | null = null, articleStep: string | null = null): PreflightCheck {
  return { id, label, outcome, detail, fix, articleStep };
}

function formName(form: FormRef, fallback: string): string {
  if (form.name && form.id) return `${form.name} (${form.id})`;
  return form.name ?? form.id ?? fallback;
}

function rightCheck(id: PreflightCheckId, label: string, right: RightCheck, form: string, access: 'read' | 'read and write'): PreflightCheck {
  switch (right.status) {
    case 'ok':
      return check(id, label, 'ok', `The integration user can ${access === 'read' ? 'read' : 'write'} ${form}.`);
    case 'missing':
      return check(
        id,
        label,
        'failed',
        right.message,
        `In Acumatica, give the integration user's role ${access} access to the ${formName(right.form, form)} form (User Security > Access Rights by Role), then test again.`,
        STEP_USER,
      );
    case 'unknown':
      return check(id, label, 'unknown', right.message);
  }
}

export function preflightReport(result: ClientPreflight): PreflightResult {
  const checks: PreflightCheck[] = [];
  const tokenFailure = result.token.status === 'failed' ? result.token : null;

  if (tokenFailure && REACHABILITY_KINDS.has(tokenFailure.kind)) {
    checks.push(check('instance-reachable', 'Instance reachable', 'failed', tokenFailure.message,
      'Check the Instance URL (the address of your Acumatica sign-in page, with https://), that this PC can reach it, and for an internal certificate authority give the connector its CA file (Setup, Advanced; or setup --ca-file).', null));
  } else {
    checks.push(check('instance-reachable', 'Instance reachable', 'ok', 'Acumatica answered.'));
  }

  if (tokenFailure?.kind === 'secret-rejected') {
    checks.push(check('client-credentials', 'Client ID and secret', 'failed', tokenFailure.message,
      'Copy the Client ID whole (with @Tenant) from the Connected Applications form, and the Shared Secret value exactly. If the secret expired or was removed, add a new Shared Secret and enter its value.', `${STEP_APP}; ${STEP_SECRET}`));
  } else if (!tokenFailure || tokenFailure.kind === 'credentials-rejected') {
    // invalid_grant is only answered once the client ID and secret were accepted.
    checks.push(check('client-credentials', 'Client ID and secret', 'ok', 'Acumatica accepted the Connected Application.'));
  } else if (tokenFailure.kind === 'oauth-error') {
    // unauthorized_client, invalid_scope, unsupported_grant_type: the Connected Application is set up for another flow.
    checks.push(check('client-credentials', 'Client ID and secret', 'failed', tokenFailure.message,
      'In Connected Applications, set the application\'s flow to Resource Owner Password Credentials (with refresh tokens), then test again.', STEP_APP));
  } else if (REACHABILITY_KINDS.has(tokenFailure.kind) || tokenFailure.kind === 'login-limit') {
    checks.push(check('client-credentials', 'Client ID and secret', 'unknown', 'Not checked: the sign-in did not get that far.'));
  } else {
    // No other check names this failure: without its reason the test would fail with nothing marked.
    checks.push(check('client-credentials', 'Client ID and secret', 'unknown', `Not checked: the sign-in failed first: ${tokenFailure.message}`));
  }

  if (tokenFailure?.kind === 'credentials-rejected') {
    checks.push(check('user-credentials', 'Username and password', 'failed', tokenFailure.message,
      "Check the integration user's Login and Password; make sure the user is active, not locked out, and not set to change its password at next sign-in. Repeated failures lock the user out, so fix it before testing again.", STEP_USER));
  } else {
    checks.push(check('user-credentials', 'Username and password', tokenFailure ? 'unknown' : 'ok', tokenFailure ? 'Not checked: the sign-in did not get that far.' : 'The integration user signed in.'));
  }

  checks.push(rightCheck('sales-orders-read', 'Sales Orders: read', result.rights.salesOrderRead, 'Sales Orders (SO301000)', 'read'));
  checks.push(rightCheck('shipments-read', 'Shipments: read', result.rights.shipmentRead, 'Shipments (SO302000)', 'read'));
  checks.push(rightCheck('shipments-write', 'Shipments: write (tracking numbers)', result.rights.shipmentWrite, 'Shipments (SO302000)', 'read and write'));
  checks.push(rightCheck('stock-items-read', 'Stock Items: read', result.rights.stockItemRead, 'Stock Items (IN202500)', 'read'));

  if (tokenFailure?.kind === 'login-limit') {
    checks.push(check('login-limit', 'API login headroom', 'failed', tokenFailure.message,
      "Acumatica's licence or the user's sign-in limit is used up. Sign out other API integrations using this user, or raise the user's Maximum Number of Sign-Ins / the licence's API users. The connector holds one API session.", STEP_USER));
  } else if (tokenFailure) {
    checks.push(check('login-limit', 'API login headroom', 'unknown', 'Not checked: the sign-in did not get that far.'));
  } else {
    checks.push(check('login-limit', 'API login headroom', 'ok', 'A sign-in succeeded; the connector keeps exactly one API session.'));
  }

  const endpointVersion = result.endpoint.status === 'ok' ? result.endpoint.endpoint.version : null;
  if (!tokenFailure && result.endpoint.status === 'failed') {
    checks[0] = check('instance-reachable', 'Instance reachable', 'failed', result.endpoint.message,
      'The contract-based REST endpoint did not answer as expected: leave Endpoint version on auto, or pick one your instance lists.', null);
  }
  return { ok: result.ok, endpointVersion, checks };
}
