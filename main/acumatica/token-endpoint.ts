// The three calls to Acumatica's identity server and session endpoint: password grant, refresh
// grant, sign-out. Form bodies carry secrets, so nothing here ever puts a request into an error,
// and a grant's error is scrubbed of the secrets it sent whatever answered it (see grant()).
import { bodyMessage, classifyResponse, parseBody } from './classify-response.ts';
import { AcumaticaError } from './errors.ts';
import type { HttpClient, HttpResponse } from './http-client.ts';
import { maskSecrets, redact } from './redact.ts';
import { OAuthErrorWire } from './wire.ts';
import { TokenResponseWire } from './wire.ts';

export const TOKEN_PATH = '/identity/connect/token';
export const LOGOUT_PATH = '/entity/auth/logout';
export const SCOPE = 'api offline_access';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface UserCredentials extends ClientCredentials {
  username: string;
  password: string;
}

export interface TokenGrant {
  accessToken: string;
  /** Local receipt time + expires_in: the server's clock is never consulted. */
  accessExpiresAt: number;
  /** The lifetime the server stated, ms. */
  lifetimeMs: number;
  receivedAt: number;
  /** Absent when the server did not grant offline_access. */
  refreshToken: string | null;
  scope: string | null;
}

async function postForm(http: HttpClient, fields: Record<string, string>): Promise<HttpResponse> {
  return http.send({
    method: 'POST',
    url: http.apiUrl(TOKEN_PATH),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(fields).toString(),
  });
}

function tokenError(res: HttpResponse, grant: 'password' | 'refresh_token'): AcumaticaError {
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    json = undefined;
  }
  const oauth = OAuthErrorWire.safeParse(json);
  if (oauth.success && res.status >= 400 && res.status < 500) {
    const code = oauth.data.error;
    const description = redact(oauth.data.error_description ?? '');
    // Quoted whole; a full stop after the quote only when the quote does not end a sentence itself.
    const said = description ? ` Acumatica said: "${description}"${/[.!?]$/.test(description) ? '' : '.'}` : '';
    if (code === 'invalid_client') {
      return new AcumaticaError({
        status: res.status,
        kind: 'secret-rejected',
        oauthError: code,
        message: `Acumatica rejected the client ID or shared secret (invalid_client): the secret may have expired or been removed from the Connected Application.${said}`,
      });
    }
    if (code === 'invalid_grant' && grant === 'password') {
      return new AcumaticaError({
        status: res.status,
        kind: 'credentials-rejected',
        oauthError: code,
        message: `Acumatica rejected the integration user's sign-in (invalid_grant): wrong username or password, a pending password change, or the user is disabled or locked.${said}`,
      });
    }
    if (code === 'invalid_grant') {
      return new AcumaticaError({
        status: res.status,
        kind: 'refresh-rejected',
        oauthError: code,
        message: `The refresh token is no longer valid (expired, revoked or already used).${said}`,
      });
    }
    return new AcumaticaError({
      status: res.status,
      kind: 'oauth-error',
      oauthError: code,
      message: `Acumatica's identity server refused the ${grant} grant (${code}).${said}`,
    });
  }
  const classified = classifyResponse(res, { operation: `requesting a token (${grant} grant)` });
  // Any 5xx from the identity server is passing trouble: back off and keep the tokens.
  if (classified && res.status >= 500 && !classified.retryable) {
    return new AcumaticaError({ kind: classified.kind, status: res.status, message: classified.message, retryable: true });
  }
  if (classified) return classified;
  return new AcumaticaError({ status: res.status, kind: 'bad-response', message: `Unexpected token response: ${bodyMessage(res.body)}` });
}

async function grant(
  http: HttpClient,
  fields: Record<string, string>,
  kind: 'password' | 'refresh_token',
  now: () => number,
  secrets: string[],
): Promise<TokenGrant> {
  try {
    const res = await postForm(http, fields);
    const receivedAt = now();
    // Masked in the whole answer, before an excerpt is cut from it (see maskSecrets).
    if (res.status !== 200) throw tokenError({ ...res, body: maskSecrets(res.body, secrets) }, kind);
    const body = parseBody(res, TokenResponseWire, `the ${kind} grant`);
    const lifetimeMs = body.expires_in * 1000;
    return {
      accessToken: body.access_token,
      accessExpiresAt: receivedAt + lifetimeMs,
      lifetimeMs,
      receivedAt,
      refreshToken: body.refresh_token ?? null,
      scope: body.scope ?? null,
    };
  } catch (error) {
    // Not only an OAuth error_description can quote the form back: an IIS or proxy error page, a
    // 5xx exception text, an HTML page answered with 200. The error's words go to the screen, the
    // ledger and the log, and the refresh token is not among the values the log knows to mask.
    throw error instanceof AcumaticaError ? withoutSecrets(error, secrets) : error;
  }
}

/**
 * The error itself when its words quote no secret of the request (a network error keeps its cause
 * for the log); otherwise the same error with them masked, and without a cause that might quote them.
 */
function withoutSecrets(error: AcumaticaError, secrets: string[]): AcumaticaError {
  const message = redact(error.message, secrets);
  const fieldErrors = error.fieldErrors.map((field) => ({ ...field, message: redact(field.message, secrets) }));
  if (message === error.message && fieldErrors.every((field, i) => field.message === error.fieldErrors[i]?.message)) return error;
  return new AcumaticaError({ kind: error.kind, retryable: error.retryable, status: error.status, form: error.form, oauthError: error.oauthError, fieldErrors, message });
}

export function passwordGrant(http: HttpClient, creds: UserCredentials, now: () => number): Promise<TokenGrant> {
  return grant(
    http,
    {
      grant_type: 'password',
      client_id: creds.clientId,
      client_secret: creds.clientSecret,
      username: creds.username,
      password: creds.password,
      scope: SCOPE,
    },
    'password',
    now,
    [creds.clientSecret, creds.password],
  );
}

export function refreshGrant(
  http: HttpClient,
  client: ClientCredentials,
  refreshToken: string,
  now: () => number,
): Promise<TokenGrant> {
  return grant(
    http,
    {
      grant_type: 'refresh_token',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      refresh_token: refreshToken,
    },
    'refresh_token',
    now,
    [client.clientSecret, refreshToken],
  );
}

/** Ends the API session behind an access token (frees the licence seat). 204 expected. */
export async function logout(http: HttpClient, accessToken: string): Promise<void> {
  const res = await http.send({
    method: 'POST',
    url: http.apiUrl(LOGOUT_PATH),
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
  });
  // 401: the session is already gone, which is what we wanted.
  if (res.status === 401) return;
  const error = classifyResponse(res, { operation: 'signing out' });
  if (error) throw error;
}
