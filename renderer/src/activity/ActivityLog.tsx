// What the connector did and what went wrong, newest first, filterable by level.
import { useState } from 'react';
import type { ActivityEntry } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { formatClock, formatTime } from '../format.ts';
import { ACTIVITY_PAGE, useActivity, type ActivityLevel } from '../hooks/useActivity.ts';

type LevelFilter = 'all' | 'warn' | 'error';

const LEVEL_TEXT: Record<ActivityEntry['level'], string> = { info: 'Info', warn: 'Warning', error: 'Error' };
const MIN_LEVEL: Record<LevelFilter, ActivityLevel> = { all: 'info', warn: 'warn', error: 'error' };

export function ActivityLog() {
  const api = useApi();
  const [filter, setFilter] = useState<LevelFilter>('all');
  const { entries: shown, loading, error } = useActivity(api, MIN_LEVEL[filter]);

  return (
    <section className="screen activity" aria-labelledby="activity-heading">
      <h2 id="activity-heading" tabIndex={-1}>
        Activity
      </h2>
      <div className="filter-bar">
        <div className="field field-inline">
          <label htmlFor="activity-level">Show</label>
          <select id="activity-level" value={filter} onChange={(event) => setFilter(event.target.value as LevelFilter)}>
            <option value="all">Everything</option>
            <option value="warn">Warnings and errors</option>
            <option value="error">Errors only</option>
          </select>
        </div>
        <p className="filter-count" aria-live="polite">
          {loading ? '' : `${shown.length} ${shown.length === 1 ? 'entry' : 'entries'}${shown.length >= ACTIVITY_PAGE ? ', the newest' : ''}`}
        </p>
      </div>
      {error ? (
        <p className="alert alert-error" role="alert">
          Could not load the activity: {error}
        </p>
      ) : null}
      {loading ? <p role="status">Loading the activity…</p> : null}
      {!loading && shown.length === 0 ? <p className="empty">Nothing to show yet.</p> : null}
      <ol className="activity-list" aria-label="Activity, newest first">
        {shown.map((entry) => (
          <li key={entry.id} className={`activity-entry level-${entry.level}`}>
            <time dateTime={entry.at} title={formatTime(entry.at)}>
              {formatClock(entry.at)}
            </time>
            <span className={`badge badge-${entry.level === 'info' ? 'muted' : entry.level === 'warn' ? 'warn' : 'error'}`}>{LEVEL_TEXT[entry.level]}</span>
            <span className="activity-kind">{entry.kind}</span>
            <span className="activity-message">{entry.message}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
