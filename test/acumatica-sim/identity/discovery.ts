// {base}/identity/.well-known/openid-configuration, with absolute URLs as IdentityServer sends.
import { json, type SimResponse } from '../http/response.ts';

export function discoveryDocument(origin: string, virtualDirectory: string): SimResponse {
  const issuer = `${origin}${virtualDirectory}/identity`;
  return json(200, {
    issuer,
    jwks_uri: `${issuer}/.well-known/openid-configuration/jwks`,
    authorization_endpoint: `${issuer}/connect/authorize`,
    token_endpoint: `${issuer}/connect/token`,
    userinfo_endpoint: `${issuer}/connect/userinfo`,
    end_session_endpoint: `${issuer}/connect/endsession`,
    revocation_endpoint: `${issuer}/connect/revocation`,
    scopes_supported: ['openid', 'profile', 'email', 'api', 'offline_access'],
    claims_supported: ['sub', 'name', 'email'],
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token', 'implicit', 'password', 'hybrid'],
    response_types_supported: ['code', 'token', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token'],
    response_modes_supported: ['form_post', 'query', 'fragment'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  });
}
