// What an Acumatica administrator (or the world) does behind the connector's back: secrets,
// users, rights, licence seats, and data changes. Every data change stamps last-modified with
// the simulator clock, as a save in Acumatica would.
import type { SimState } from './context.ts';
import { indexShipment, orderKey, shipmentKey, stockItemKey, unindexShipment } from './data/database.ts';
import { makeOrder, makeShipment } from './data/factories.ts';
import type { OrderRecord, ShipmentRecord, StockItemRecord } from './data/model.ts';
import { findUser, FULL_RIGHTS, secretValue, type Rights } from './identity/accounts.ts';
import type { LoginLimitForm } from './identity/login-limit.ts';
import { closeSession } from './identity/token-store.ts';

export interface OrderInput {
  orderType?: string;
  status?: string;
  customerId?: string;
  /** Number of lines (1-6 at random by default). */
  lines?: number;
  description?: string | null;
}

export type Patch<R> = Partial<R> | ((record: R) => void);

export interface ShipmentInput {
  orders: { orderType: string; orderNbr: string }[];
  status?: string;
  /** Packages get tracking numbers. Default false. */
  tracked?: boolean;
  packages?: number;
}

export interface SimAdmin {
  /** Adds a shared secret to the demo client; value generated when omitted. */
  addSecret(secret?: { value?: string; expiresAt?: number | null }): { id: string; value: string };
  removeSecret(idOrValue: string): void;
  /** Sets the secret's expiry (default: now, so it is expired at once). */
  expireSecret(idOrValue: string, at?: number): void;
  addUser(user: { username: string; password: string; rights?: Partial<Rights> }): void;
  setPassword(username: string, password: string): void;
  setUserDisabled(username: string, disabled: boolean): void;
  setRights(username: string, rights: Partial<Rights>): void;
  setMaxApiSessions(max: number): void;
  setLoginLimit(form: LoginLimitForm): void;
  /** Closes every API session (like an IIS restart); their tokens then answer 401. */
  closeAllSessions(): void;
  /** Makes every access token expired now; refresh tokens stay valid. */
  expireAccessTokens(): void;
  advanceClock(ms: number): void;
  createOrder(input?: OrderInput): OrderRecord;
  modifyOrder(orderType: string, orderNbr: string, patch: Patch<OrderRecord>): OrderRecord;
  setOrderStatus(orderType: string, orderNbr: string, status: string): OrderRecord;
  deleteOrder(orderType: string, orderNbr: string): void;
  createShipment(input: ShipmentInput): ShipmentRecord;
  modifyShipment(shipmentNbr: string, patch: Patch<ShipmentRecord>): ShipmentRecord;
  setShipmentStatus(shipmentNbr: string, status: string): ShipmentRecord;
  modifyStockItem(inventoryId: string, patch: Patch<StockItemRecord>): StockItemRecord;
}

export function createAdmin(state: () => SimState): SimAdmin {
  const demoClient = () => {
    const client = [...state().accounts.clients.values()][0];
    if (!client) throw new Error('no client');
    return client;
  };
  const findSecret = (idOrValue: string) => {
    const secret = demoClient().secrets.find((s) => s.id === idOrValue || s.value === idOrValue);
    if (!secret) throw new Error(`no secret ${idOrValue}`);
    return secret;
  };
  const user = (username: string) => {
    const found = findUser(state().accounts, username);
    if (!found) throw new Error(`no user ${username}`);
    return found;
  };
  const order = (orderType: string, orderNbr: string): OrderRecord => {
    const found = state().db.orders.get(orderKey(orderType, orderNbr));
    if (!found) throw new Error(`no order ${orderType} ${orderNbr}`);
    return found;
  };
  const shipment = (nbr: string): ShipmentRecord => {
    const found = state().db.shipments.get(shipmentKey(nbr));
    if (!found) throw new Error(`no shipment ${nbr}`);
    return found;
  };
  const apply = <R extends { lastModified: number }>(record: R, patch: Patch<R>): R => {
    if (typeof patch === 'function') patch(record);
    else Object.assign(record, patch);
    record.lastModified = state().clock.now();
    return structuredClone(record);
  };

  return {
    addSecret: (secret = {}) => {
      const client = demoClient();
      const added = { id: `secret-${client.secrets.length + 1}-${Date.now()}`, value: secret.value ?? secretValue(state().rng), expiresAt: secret.expiresAt ?? null };
      client.secrets.push(added);
      return { id: added.id, value: added.value };
    },
    removeSecret: (idOrValue) => {
      const client = demoClient();
      const secret = findSecret(idOrValue);
      client.secrets = client.secrets.filter((s) => s !== secret);
    },
    expireSecret: (idOrValue, at) => {
      findSecret(idOrValue).expiresAt = at ?? state().clock.now();
    },
    addUser: ({ username, password, rights }) => {
      state().accounts.users.set(username.toLowerCase(), { username, password, disabled: false, rights: { ...FULL_RIGHTS, ...rights } });
    },
    setPassword: (username, password) => {
      user(username).password = password;
    },
    setUserDisabled: (username, disabled) => {
      user(username).disabled = disabled;
    },
    setRights: (username, rights) => {
      const target = user(username);
      target.rights = { ...target.rights, ...rights };
    },
    setMaxApiSessions: (max) => {
      state().settings.maxApiSessions = max;
    },
    setLoginLimit: (form) => {
      state().settings.loginLimitForm = form;
    },
    closeAllSessions: () => {
      const s = state();
      for (const session of s.tokens.sessions.values()) closeSession(s.tokens, session, s.clock.now(), 'admin');
    },
    expireAccessTokens: () => {
      const s = state();
      for (const token of s.tokens.accessTokens.values()) token.expiresAt = Math.min(token.expiresAt, s.clock.now());
    },
    advanceClock: (ms) => state().clock.advance(ms),
    createOrder: (input = {}) => {
      const s = state();
      const customer = s.db.customers.find((c) => c.customerId === input.customerId) ?? s.rng.pick(s.db.customers);
      const created = makeOrder(s.db, s.rng, {
        orderType: input.orderType ?? 'SO',
        status: input.status ?? 'Open',
        customer,
        items: s.db.stockItems.all(),
        lastModified: s.clock.now(),
        lineCount: input.lines,
      });
      if (input.description !== undefined) created.description = input.description;
      s.db.orders.put(created);
      return structuredClone(created);
    },
    modifyOrder: (orderType, orderNbr, patch) => apply(order(orderType, orderNbr), patch),
    setOrderStatus: (orderType, orderNbr, status) => apply(order(orderType, orderNbr), { status }),
    deleteOrder: (orderType, orderNbr) => {
      if (!state().db.orders.delete(orderKey(orderType, orderNbr))) throw new Error(`no order ${orderType} ${orderNbr}`);
    },
    createShipment: (input) => {
      const s = state();
      const created = makeShipment(s.db, s.rng, {
        orders: input.orders.map((o) => order(o.orderType, o.orderNbr)),
        status: input.status ?? 'Open',
        lastModified: s.clock.now(),
        tracked: input.tracked ?? false,
        packageCount: input.packages,
      });
      s.db.shipments.put(created);
      indexShipment(s.db, created);
      return structuredClone(created);
    },
    modifyShipment: (nbr, patch) => {
      const target = shipment(nbr);
      unindexShipment(state().db, target);
      const result = apply(target, patch);
      indexShipment(state().db, target);
      return result;
    },
    setShipmentStatus: (nbr, status) => apply(shipment(nbr), { status }),
    modifyStockItem: (inventoryId, patch) => {
      const found = state().db.stockItems.get(stockItemKey(inventoryId));
      if (!found) throw new Error(`no stock item ${inventoryId}`);
      return apply(found, patch);
    },
  };
}
