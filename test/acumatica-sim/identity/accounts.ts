// Connected Applications (client id + shared secrets) and users with per-entity rights.
import type { Rng } from '../util/rng.ts';

export type Right = 'none' | 'read' | 'write';
export const RIGHTS_ENTITIES = ['SalesOrder', 'Shipment', 'StockItem'] as const;
export type RightsEntity = (typeof RIGHTS_ENTITIES)[number];
export type Rights = Record<RightsEntity, Right>;

export interface SecretRecord {
  id: string;
  value: string;
  /** ms; null = never expires. Like Acumatica's "Expires On", not visible through the API. */
  expiresAt: number | null;
}

export interface ClientRecord {
  clientId: string;
  secrets: SecretRecord[];
}

export interface UserRecord {
  username: string;
  password: string;
  disabled: boolean;
  rights: Rights;
}

export interface Accounts {
  /** Keyed by lower-cased client id (the GUID part is case-insensitive). */
  clients: Map<string, ClientRecord>;
  /** Keyed by lower-cased user name. */
  users: Map<string, UserRecord>;
}

export interface DemoCredentials {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

export const FULL_RIGHTS: Rights = { SalesOrder: 'write', Shipment: 'write', StockItem: 'write' };

export function createAccounts(rng: Rng, tenant: string): { accounts: Accounts; credentials: DemoCredentials } {
  const credentials: DemoCredentials = {
    clientId: `${rng.guid().toUpperCase()}@${tenant}`,
    clientSecret: secretValue(rng),
    username: 'dropstream',
    password: 'Dropstream-Demo-1',
  };
  const accounts: Accounts = { clients: new Map(), users: new Map() };
  accounts.clients.set(credentials.clientId.toLowerCase(), {
    clientId: credentials.clientId,
    secrets: [{ id: 'secret-1', value: credentials.clientSecret, expiresAt: null }],
  });
  accounts.users.set(credentials.username, {
    username: credentials.username,
    password: credentials.password,
    disabled: false,
    rights: { ...FULL_RIGHTS },
  });
  return { accounts, credentials };
}

export function findUser(accounts: Accounts, username: string): UserRecord | undefined {
  return accounts.users.get(username.toLowerCase());
}

/** Acumatica generates shared secrets as 22-character random strings. */
export function secretValue(rng: Rng): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (let i = 0; i < 22; i++) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out;
}
