// Routes a request (path already stripped of the virtual directory) to the identity server or the
// contract-based API, checking the bearer token where Acumatica would.
import type { SimState } from '../context.ts';
import { findUser } from '../identity/accounts.ts';
import { discoveryDocument } from '../identity/discovery.ts';
import { errorPage } from '../identity/login-limit.ts';
import { handleTokenRequest, idleMs } from '../identity/token-endpoint.ts';
import { checkBearer, closeSession } from '../identity/token-store.ts';
import { handleEntityRequest, type EntityResult } from '../rest/entity-routes.ts';
import { ENDPOINT_VERSIONS } from '../rest/schema.ts';
import { empty, iisNotFound, json, notFound } from './response.ts';

export interface RoutedRequest {
  method: string;
  fullPath: string;
  relativePath: string;
  query: URLSearchParams;
  body: string;
  headers: Record<string, string | undefined>;
  origin: string;
}

export const BUILD_VERSION = '24.212.0012';

export function route(state: SimState, req: RoutedRequest): EntityResult {
  const { method, relativePath: path } = req;
  const vdir = state.settings.virtualDirectory;

  if (path === '/identity/connect/token') {
    if (method !== 'POST') return { response: json(405, { error: 'invalid_request' }) };
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      return { response: json(400, { error: 'invalid_request', error_description: 'The request must be form-encoded.' }) };
    }
    return { response: handleTokenRequest(state, new URLSearchParams(req.body), req.headers.authorization) };
  }
  if (path === '/identity/.well-known/openid-configuration' && method === 'GET') {
    return { response: discoveryDocument(req.origin, vdir) };
  }
  if (path.toLowerCase() === '/frames/error.aspx' && method === 'GET') return { response: errorPage(req.query) };

  const now = state.clock.now();
  const idle = idleMs(state.settings);
  if (path === '/entity/auth/logout' && method === 'POST') {
    const check = checkBearer(state.tokens, req.headers.authorization, now, idle);
    if (check.kind === 'ok') {
      closeSession(state.tokens, check.session, now, 'logout');
      const chain = state.tokens.chains.get(check.token.chainId);
      if (chain) chain.revoked = true;
      for (const token of state.tokens.accessTokens.values()) if (token.sessionId === check.session.id) token.revoked = true;
    }
    return { response: empty(204) };
  }

  if (path === '/entity' || path === '/entity/' || path.startsWith('/entity/Default/')) {
    const check = checkBearer(state.tokens, req.headers.authorization, now, idle);
    if (check.kind !== 'ok') {
      return { response: json(401, { message: 'Authorization has been denied for this request.' }, { 'www-authenticate': 'Bearer' }) };
    }
    if (!path.startsWith('/entity/Default/')) {
      return {
        response: json(200, {
          version: { acumaticaBuildVersion: BUILD_VERSION, databaseVersion: BUILD_VERSION },
          endpoints: ENDPOINT_VERSIONS.map((version) => ({ name: 'Default', version, href: `${vdir}/entity/Default/${version}/` })),
        }),
      };
    }
    const segments = path.slice('/entity/Default/'.length).split('/').filter(Boolean).map(safeDecode);
    return handleEntityRequest(state, {
      method,
      segments,
      fullPath: req.fullPath,
      query: req.query,
      body: req.body,
      headers: req.headers,
      user: findUser(state.accounts, check.token.username),
    });
  }
  if (path.startsWith('/entity/')) return { response: notFound(req.fullPath) };
  return { response: iisNotFound() };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
