// Shared fakes for the shell's tests: a controllable clock, statuses built from a connection, and
// Electron's safeStorage.
import type { Connection, ConnectorStatus } from '../../../preload/api.ts';
import type { SafeStorageLike } from '../../../main/app/safe-storage-cipher.ts';
import type { Timers } from '../../../main/app/timers.ts';

export interface FakeTimers extends Timers {
  advance(ms: number): void;
  /** Set the wall clock by `ms` (back when negative); pending timers keep their remaining delay, as Node's do. */
  jump(ms: number): void;
  /** The longest delay any setTimeout call has asked for. */
  longestDelay(): number;
  pending(): number;
}

export function fakeTimers(start = Date.parse('2025-03-10T12:00:00Z')): FakeTimers {
  let now = start;
  let nextId = 1;
  let longest = 0;
  const queue = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      longest = Math.max(longest, ms);
      const id = nextId++;
      queue.set(id, { at: now + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      queue.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...queue.entries()].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        queue.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = end;
    },
    jump(ms) {
      now += ms;
      for (const timer of queue.values()) timer.at += ms;
    },
    longestDelay: () => longest,
    pending: () => queue.size,
  };
}

export function makeStatus(connection: Connection, overrides: Partial<ConnectorStatus> = {}): ConnectorStatus {
  return {
    connection,
    lastSyncAt: '2025-03-10T11:58:00Z',
    nextSyncAt: null,
    counts: { importedToday: 37, ordersTotal: 500, shipmentsTotal: 200, pendingDeliveries: 0, trackingPosted: 12, errorsToday: 0 },
    secret: { expiresOn: null, daysLeft: null },
    refreshToken: { lastRefreshAt: null, issuedAt: null, slidingWindowDays: 15 },
    storedSecrets: { clientSecret: true, password: true },
    recordsStartedOverAt: null,
    ...overrides,
  };
}

/** One of every connection kind, for tests that must cover them all. */
export const everyConnection: Connection[] = [
  { kind: 'not-configured' },
  { kind: 'connecting' },
  { kind: 'connected' },
  { kind: 'syncing', requested: false },
  { kind: 'retrying', reason: 'Acumatica did not answer.', nextAttemptAt: '2025-03-10T12:05:00Z' },
  { kind: 'paused', until: null },
  { kind: 'credentials-rejected', description: 'The password was rejected.' },
  { kind: 'secret-rejected', description: 'The client secret was rejected.' },
  { kind: 'access-denied', description: 'The user lacks the Sales Orders role.' },
  { kind: 'credentials-needed', description: 'The stored secret cannot be decrypted.' },
  { kind: 'disconnected', reason: 'The network is down.', since: '2025-03-10T11:50:00Z' },
];

type StorageBackend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>;

/**
 * A safeStorage stand-in: reversible "encryption" tagged with the keyring's owner and key version,
 * so a test can rotate the OS key (shouldReEncrypt) or move the file to another keyring (decrypt
 * fails, as it does for another OS user or a reset keyring).
 */
export function fakeSafeStorage(options: { available?: boolean; backend?: StorageBackend; keyVersion?: number; keyring?: string } = {}) {
  const state = {
    available: options.available ?? true,
    backend: options.backend ?? ('gnome_libsecret' as StorageBackend),
    keyVersion: options.keyVersion ?? 1,
    keyring: options.keyring ?? 'operator',
    encryptions: 0,
  };
  const safeStorage: SafeStorageLike = {
    isAsyncEncryptionAvailable: async () => state.available,
    getSelectedStorageBackend: () => state.backend,
    encryptStringAsync: async (plain) => {
      state.encryptions++;
      return Buffer.from(`${state.keyring}/v${state.keyVersion}:${Buffer.from(plain).toString('hex')}`);
    },
    decryptStringAsync: async (data) => {
      const match = /^([a-z]+)\/v(\d+):([0-9a-f]*)$/.exec(data.toString());
      if (!match || match[1] !== state.keyring) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: Buffer.from(match[3]!, 'hex').toString(), shouldReEncrypt: Number(match[2]) < state.keyVersion };
    },
  };
  return { state, safeStorage };
}
