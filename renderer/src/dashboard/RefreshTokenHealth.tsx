// The refresh token's age against the Connected Application's sliding window: a connector paused
// past the window has to sign in again with the password, so warn at 80 % of it.
import type { ConnectorStatus } from '../../../preload/api.ts';

export function RefreshTokenHealth({ health }: { health: ConnectorStatus['refreshToken'] }) {
  const age = health.ageDays ?? null;
  const window = health.slidingWindowDays;
  const text = age === null ? 'No sign-in yet' : `${age < 1 ? 'Under a day' : `${Math.floor(age)} day${Math.floor(age) === 1 ? '' : 's'}`} old`;
  return (
    <div className={`stat ${health.warning ? 'stat-warn' : ''}`}>
      <dt>Refresh token</dt>
      <dd>
        {text}
        <span className="stat-sub"> (sliding window {window} days)</span>
        {health.warning ? (
          <span className="stat-hint">
            Not refreshed for over 80 % of the window: resume syncing soon, or the connector will sign in again with the password.
          </span>
        ) : null}
      </dd>
    </div>
  );
}
