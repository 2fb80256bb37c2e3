// The simulator's mutable state, shared by the HTTP handlers, admin helpers, faults and live mode.
import type { Database } from './data/database.ts';
import type { Accounts } from './identity/accounts.ts';
import type { GrantLogEntry, IdentitySettings } from './identity/token-endpoint.ts';
import type { TokenStore } from './identity/token-store.ts';
import type { SimClock } from './util/clock.ts';
import type { Rng } from './util/rng.ts';

export interface ActionOperation {
  id: string;
  action: 'ConfirmShipment';
  shipmentNbr: string;
  version: string;
  pollsLeft: number;
  result: { status: 204 } | { status: 500; message: string } | null;
}

export interface SimSettings extends IdentitySettings {
  utcOffsetMinutes: number;
  /** How many polls of an action's Location answer 202 before it completes. */
  actionPolls: number;
}

export interface SimState {
  db: Database;
  accounts: Accounts;
  tokens: TokenStore;
  clock: SimClock;
  grants: GrantLogEntry[];
  settings: SimSettings;
  /** Draws for records created after start (admin, PUT, live mode). */
  rng: Rng;
  operations: Map<string, ActionOperation>;
}

