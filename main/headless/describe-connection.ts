// One line of plain words for each connection state, for the command line and the log.
import type { Connection } from '../../preload/api.ts';

export function describeConnection(connection: Connection): string {
  switch (connection.kind) {
    case 'not-configured':
      return 'not set up (run "connector setup")';
    case 'connecting':
      return 'set up, not synced yet';
    case 'connected':
      return 'connected';
    case 'syncing':
      return 'syncing';
    case 'retrying':
      return `retrying at ${connection.nextAttemptAt}: ${connection.reason}`;
    case 'paused':
      return connection.until ? `paused until ${connection.until}` : 'paused until resumed';
    case 'credentials-rejected':
      return `username or password rejected: ${connection.description}`;
    case 'secret-rejected':
      return `client ID or secret rejected (expired or removed secret?): ${connection.description}`;
    case 'access-denied':
      return `the integration user lacks a right: ${connection.description}`;
    case 'credentials-needed':
      return `credentials needed: ${connection.description}`;
    case 'disconnected':
      // A full or failing drive under the ledger is not a lost connection (as the tray and the dashboard say).
      return `${connection.storage ? 'cannot save data' : 'disconnected'} since ${connection.since}: ${connection.reason}`;
  }
}
