// The activity log: the latest entries, then new ones as the engine reports them (newest first).
import { useEffect, useState } from 'react';
import type { ActivityEntry, ConnectorApi } from '../../../preload/api.ts';

export const ACTIVITY_LIMIT = 500;

export type ActivityState = { entries: readonly ActivityEntry[]; loading: boolean; error: string | null };

export function mergeActivity(current: readonly ActivityEntry[], incoming: readonly ActivityEntry[]): ActivityEntry[] {
  const byId = new Map<number, ActivityEntry>();
  for (const entry of [...incoming, ...current]) if (!byId.has(entry.id)) byId.set(entry.id, entry);
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, ACTIVITY_LIMIT);
}

export function useActivity(api: ConnectorApi): ActivityState {
  const [state, setState] = useState<ActivityState>({ entries: [], loading: true, error: null });
  useEffect(() => {
    let live = true;
    const off = api.on('activity', (batch) => {
      if (live) setState((current) => ({ ...current, entries: mergeActivity(current.entries, batch) }));
    });
    api.listActivity({ limit: 200 }).then(
      (entries) => live && setState((current) => ({ entries: mergeActivity(current.entries, entries), loading: false, error: null })),
      (error: unknown) => live && setState((current) => ({ ...current, loading: false, error: error instanceof Error ? error.message : String(error) })),
    );
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return state;
}
