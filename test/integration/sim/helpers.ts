// Small HTTP helpers for the simulator's protocol tests: real requests, no redirects followed.
import { request, type Dispatcher } from 'undici';
import type { Simulator } from '../../acumatica-sim/index.ts';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke into arbitrary JSON
  json: any;
}

export async function http(url: string, init: { method?: Dispatcher.HttpMethod; headers?: Record<string, string>; body?: string; dispatcher?: Dispatcher } = {}): Promise<HttpResult> {
  const res = await request(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body, dispatcher: init.dispatcher });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

export function tokenRequest(sim: Simulator, fields: Record<string, string>): Promise<HttpResult> {
  return http(`${sim.baseUrl}/identity/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

export function passwordGrant(sim: Simulator, overrides: Record<string, string> = {}): Promise<HttpResult> {
  const c = sim.credentials;
  return tokenRequest(sim, {
    grant_type: 'password',
    client_id: c.clientId,
    client_secret: c.clientSecret,
    username: c.username,
    password: c.password,
    scope: 'api offline_access',
    ...overrides,
  });
}

export function refreshGrant(sim: Simulator, refreshToken: string, overrides: Record<string, string> = {}): Promise<HttpResult> {
  const c = sim.credentials;
  return tokenRequest(sim, {
    grant_type: 'refresh_token',
    client_id: c.clientId,
    client_secret: c.clientSecret,
    refresh_token: refreshToken,
    ...overrides,
  });
}

export async function accessToken(sim: Simulator): Promise<string> {
  const res = await passwordGrant(sim);
  if (res.status !== 200) throw new Error(`password grant failed: ${res.status} ${res.text}`);
  return res.json.access_token as string;
}

/** A GET/PUT/POST to {base}{path} with a bearer token. `query` values are URL-encoded properly. */
export function api(
  sim: Simulator,
  token: string | null,
  path: string,
  init: { method?: Dispatcher.HttpMethod; query?: Record<string, string>; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const qs = init.query ? `?${Object.entries(init.query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : '';
  const headers: Record<string, string> = { ...init.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return http(`${sim.baseUrl}${path}${qs}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

export const V = '/entity/Default/24.200.001';
/** A fixed instant for tests that drive the clock. */
export const T0 = Date.parse('2026-11-28T15:00:00.000Z');
