// The activity log: the latest entries of a level and above, then new ones as the engine reports
// them (newest first). Loaded by level from the engine: filtered here instead, "Errors only" showed
// the errors among the newest 200 entries, a handful, while the dashboard counted a hundred today.
import { useEffect, useState } from 'react';
import type { ActivityEntry, ConnectorApi } from '../../../preload/api.ts';

export const ACTIVITY_LIMIT = 500;
export const ACTIVITY_PAGE = 200;

export type ActivityLevel = ActivityEntry['level'];
export type ActivityState = { entries: readonly ActivityEntry[]; loading: boolean; error: string | null };

const RANK: Record<ActivityLevel, number> = { info: 0, warn: 1, error: 2 };

export function atLeast(entry: ActivityEntry, minLevel: ActivityLevel): boolean {
  return RANK[entry.level] >= RANK[minLevel];
}

export function mergeActivity(current: readonly ActivityEntry[], incoming: readonly ActivityEntry[]): ActivityEntry[] {
  const byId = new Map<number, ActivityEntry>();
  for (const entry of [...incoming, ...current]) if (!byId.has(entry.id)) byId.set(entry.id, entry);
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, ACTIVITY_LIMIT);
}

export function useActivity(api: ConnectorApi, minLevel: ActivityLevel = 'info'): ActivityState {
  const [state, setState] = useState<ActivityState>({ entries: [], loading: true, error: null });
  useEffect(() => {
    let live = true;
    setState({ entries: [], loading: true, error: null });
    const off = api.on('activity', (batch) => {
      const kept = batch.filter((entry) => atLeast(entry, minLevel));
      if (live && kept.length > 0) setState((current) => ({ ...current, entries: mergeActivity(current.entries, kept) }));
    });
    api.listActivity({ limit: ACTIVITY_PAGE, minLevel }).then(
      (entries) => live && setState((current) => ({ entries: mergeActivity(current.entries, entries), loading: false, error: null })),
      (error: unknown) => live && setState((current) => ({ ...current, loading: false, error: error instanceof Error ? error.message : String(error) })),
    );
    return () => {
      live = false;
      off();
    };
  }, [api, minLevel]);
  return state;
}
