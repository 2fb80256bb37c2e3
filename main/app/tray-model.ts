// What the tray shows, as a pure function of state (after Gitify): icon, tooltip and menu. No
// Electron here; tray-service.ts turns the model into a Tray and a Menu.
import type { Connection, ConnectorStatus } from '../../preload/api.ts';

export const TRAY_ICONS = ['not-configured', 'connected', 'syncing', 'attention', 'error', 'paused'] as const;
export type TrayIcon = (typeof TRAY_ICONS)[number];

export type TrayAction =
  | 'sync-now'
  | 'pause-hour'
  | 'pause-until-resumed'
  | 'resume'
  | 'open-dashboard'
  | 'rotate-secret'
  | 'toggle-start-at-login'
  | 'open-logs'
  | 'quit';

export type TrayMenuItem =
  | { kind: 'status'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; action: TrayAction; label: string; enabled: boolean }
  | { kind: 'checkbox'; action: TrayAction; label: string; checked: boolean; enabled: boolean }
  | { kind: 'submenu'; label: string; enabled: boolean; items: TrayMenuItem[] };

export interface TrayModel {
  icon: TrayIcon;
  tooltip: string;
  menu: TrayMenuItem[];
}

export interface TrayState {
  /** Already smoothed by the sync indicator: `syncing` only when it is worth showing. */
  status: ConnectorStatus;
  startAtLogin: { enabled: boolean; available: boolean };
  now: Date;
  /** For the times in the tooltip; the system zone when absent. */
  timeZone?: string | undefined;
}

/** The tooltip names the secret's expiry from this many days out. */
export const SECRET_TOOLTIP_DAYS = 30;
/**
 * ...and the icon asks for attention while a reminder is due: from 30 days out, at each reminder
 * threshold (30, 14, 7, 3, 1 days, expiry) until the operator snoozes it ("Remind me tomorrow").
 */
export function secretNeedsAttention(status: ConnectorStatus): boolean {
  const reminder = status.secret.reminder;
  if (reminder) return reminder.due;
  // An engine that reports no reminder (older status): fall back to the last week.
  return status.secret.daysLeft !== null && status.secret.daysLeft <= 7;
}
/** Windows cuts tray tooltips at 127 characters (NOTIFYICONDATA.szTip). */
const TOOLTIP_MAX = 127;

export function trayIcon(status: ConnectorStatus): TrayIcon {
  const connection = status.connection;
  switch (connection.kind) {
    case 'not-configured':
      return 'not-configured';
    case 'connecting':
    case 'syncing':
      return 'syncing';
    case 'paused':
      return 'paused';
    case 'retrying':
      return 'attention';
    case 'credentials-rejected':
    case 'secret-rejected':
    case 'access-denied':
    case 'credentials-needed':
    case 'disconnected':
      return 'error';
    case 'connected': {
      return secretNeedsAttention(status) || status.counts.errorsToday > 0 ? 'attention' : 'connected';
    }
  }
}

export function statusLine(connection: Connection, format: (iso: string) => string): string {
  switch (connection.kind) {
    case 'not-configured':
      return 'Not set up yet';
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return 'Connected';
    case 'syncing':
      return 'Syncing…';
    case 'retrying':
      return `Retrying at ${format(connection.nextAttemptAt)}: ${connection.reason}`;
    case 'paused':
      return connection.until ? `Paused until ${format(connection.until)}` : 'Paused until resumed';
    case 'credentials-rejected':
      return 'Sign-in rejected: check the user name and password';
    case 'secret-rejected':
      return 'Client secret rejected: rotate it';
    case 'access-denied':
      return 'Access denied: check the user’s roles';
    case 'credentials-needed':
      return 'Credentials needed: enter them again';
    case 'disconnected':
      return `${connection.storage ? 'Cannot save data' : 'Disconnected'}: ${connection.reason}`;
  }
}

function timeFormatter(state: TrayState): (iso: string) => string {
  const zone = state.timeZone ? { timeZone: state.timeZone } : {};
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', ...zone });
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', ...zone });
  const dayKey = new Intl.DateTimeFormat('en-CA', { dateStyle: 'short', ...zone });
  const today = dayKey.format(state.now);
  return (iso) => {
    const at = new Date(iso);
    if (Number.isNaN(at.getTime())) return iso;
    return dayKey.format(at) === today ? time.format(at) : `${day.format(at)} ${time.format(at)}`;
  };
}

function secretLine(status: ConnectorStatus): string | null {
  const { daysLeft } = status.secret;
  if (daysLeft === null || daysLeft > SECRET_TOOLTIP_DAYS) return null;
  if (daysLeft < 0) return 'Client secret expired';
  if (daysLeft === 0) return 'Client secret expires today';
  return `Client secret expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`;
}

export function trayTooltip(state: TrayState): string {
  const { status } = state;
  const format = timeFormatter(state);
  const lines = [`DropStream: ${statusLine(status.connection, format)}`];
  if (status.connection.kind !== 'not-configured') {
    const lastSync = status.lastSyncAt ? `Last sync ${format(status.lastSyncAt)}` : 'Not synced yet';
    lines.push(`${lastSync} · ${status.counts.importedToday} orders today`);
  }
  const secret = secretLine(status);
  if (secret) lines.push(secret);
  const text = lines.join('\n');
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`;
}

/** Paused even when the connection shows something that outranks it (a rejected password). */
function isPaused(status: ConnectorStatus): boolean {
  return status.connection.kind === 'paused' || Boolean(status.paused);
}

function pauseItem(status: ConnectorStatus, configured: boolean): TrayMenuItem {
  if (isPaused(status)) return { kind: 'action', action: 'resume', label: 'Resume', enabled: true };
  return {
    kind: 'submenu',
    label: 'Pause',
    enabled: configured,
    items: [
      { kind: 'action', action: 'pause-hour', label: 'For 1 hour', enabled: configured },
      { kind: 'action', action: 'pause-until-resumed', label: 'Until resumed', enabled: configured },
    ],
  };
}

export function trayMenu(state: TrayState): TrayMenuItem[] {
  const { connection } = state.status;
  const configured = connection.kind !== 'not-configured';
  const canSync = configured && !isPaused(state.status) && connection.kind !== 'syncing';
  const loginLabel = state.startAtLogin.available ? 'Start at login' : 'Start at login (installed app only)';
  return [
    { kind: 'status', label: statusLine(connection, timeFormatter(state)) },
    { kind: 'separator' },
    { kind: 'action', action: 'sync-now', label: 'Sync now', enabled: canSync },
    pauseItem(state.status, configured),
    { kind: 'separator' },
    { kind: 'action', action: 'open-dashboard', label: configured ? 'Open dashboard' : 'Set up…', enabled: true },
    { kind: 'action', action: 'rotate-secret', label: 'Rotate client secret…', enabled: configured },
    { kind: 'separator' },
    { kind: 'checkbox', action: 'toggle-start-at-login', label: loginLabel, checked: state.startAtLogin.enabled, enabled: state.startAtLogin.available },
    { kind: 'action', action: 'open-logs', label: 'Open logs folder', enabled: true },
    { kind: 'separator' },
    { kind: 'action', action: 'quit', label: 'Quit DropStream Connector', enabled: true },
  ];
}

export function trayModel(state: TrayState): TrayModel {
  return { icon: trayIcon(state.status), tooltip: trayTooltip(state), menu: trayMenu(state) };
}
