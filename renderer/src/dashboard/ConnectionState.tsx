// The connection state in large type, what it means, and the one action that helps.
import type { Connection, ConnectorStatus } from '../../../preload/api.ts';
import { connectionCopy, type ConnectionAction } from './connection-copy.ts';

export interface ConnectionStateProps {
  connection: Connection;
  now: number;
  stored: ConnectorStatus['storedSecrets'];
  busy: boolean;
  onAction: (action: Exclude<ConnectionAction, 'none'>) => void;
}

export function ConnectionState({ connection, now, stored, busy, onAction }: ConnectionStateProps) {
  const copy = connectionCopy(connection, now, stored);
  const action = copy.action;
  return (
    <section className={`connection connection-${copy.tone}`} aria-labelledby="connection-title" data-kind={connection.kind}>
      <p className="connection-eyebrow">Connection</p>
      <p id="connection-title" className="connection-title" role="status">
        <span className="connection-dot" aria-hidden="true" />
        {copy.title}
      </p>
      <p className="connection-explanation">{copy.explanation}</p>
      {action !== 'none' ? (
        <button type="button" className="button-primary" disabled={busy} onClick={() => onAction(action)}>
          {copy.actionLabel}
        </button>
      ) : null}
    </section>
  );
}
