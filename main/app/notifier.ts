// Shows what notification-policy.ts decides. Each Notification is kept referenced until it closes:
// Electron holds them weakly, and a collected one loses its click handler
// (https://github.com/electron/electron/issues/16922).
import { z } from 'zod';
import type { ConnectorStatus, Screen } from '../../preload/api.ts';
import type { Preferences } from './preferences.ts';
import { evaluateNotices, type NoticeKind, type PolicyState } from './notification-policy.ts';
import type { Timers } from './timers.ts';

export interface NotificationLike {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
  show(): void;
}

export interface NotifierOptions {
  createNotification(options: { title: string; body: string }): NotificationLike;
  isSupported(): boolean;
  /** The `quietNotifications` setting, read each time. */
  isQuiet(): boolean;
  prefs: Preferences;
  timers: Timers;
  open(screen: Screen): void;
  graceMs?: number;
}

export interface Notifier {
  update(status: ConnectorStatus): void;
  /** How many notifications are on screen (kept referenced). */
  readonly live: number;
  dispose(): void;
}

const KEY = 'notificationsDelivered';
const Delivered = z.partialRecord(z.enum(['connection-lost', 'credentials-rejected', 'secret-expiring', 'secret-expired']), z.string());

export function createNotifier(options: NotifierOptions): Notifier {
  const { timers } = options;
  const saved = Delivered.safeParse(options.prefs.get(KEY));
  let state: PolicyState = { delivered: saved.success ? saved.data : {}, troubleSince: null };
  let latest: ConnectorStatus | null = null;
  let recheck: unknown = null;
  const live = new Set<NotificationLike>();

  function show(title: string, body: string, screen: Screen): void {
    const notification = options.createNotification({ title, body });
    const release = () => live.delete(notification);
    notification.on('click', () => {
      release();
      options.open(screen);
    });
    notification.on('close', release);
    notification.on('failed', release);
    live.add(notification);
    notification.show();
  }

  function evaluate(): void {
    if (!latest) return;
    if (recheck !== null) timers.clearTimeout(recheck);
    recheck = null;
    const result = evaluateNotices(latest, timers.now(), state, options.graceMs);
    const changed = JSON.stringify(result.state.delivered) !== JSON.stringify(state.delivered);
    state = result.state;
    if (changed) options.prefs.set(KEY, state.delivered satisfies Partial<Record<NoticeKind, string>>);
    // Quiet still records what was due, so turning it off later does not replay old news.
    if (!options.isQuiet() && options.isSupported()) {
      for (const notice of result.notices) show(notice.title, notice.body, notice.screen);
    }
    if (result.recheckAt !== null) recheck = timers.setTimeout(evaluate, Math.max(0, result.recheckAt - timers.now()));
  }

  return {
    update(status) {
      latest = status;
      evaluate();
    },
    get live() {
      return live.size;
    },
    dispose() {
      if (recheck !== null) timers.clearTimeout(recheck);
      recheck = null;
    },
  };
}
