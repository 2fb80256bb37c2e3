// Every request the simulator received, for tests to assert on ("exactly one password grant",
// "no request without a bearer", "the client backed off after the 429").

export interface RequestLogEntry {
  seq: number;
  method: string;
  /** The full server path, virtual directory included. */
  path: string;
  /** The path after the virtual directory, e.g. '/entity/Default/24.200.001/SalesOrder'. */
  relativePath: string;
  query: Record<string, string>;
  /** Simulator clock (ms) when it arrived. */
  time: number;
  /** null when the connection was dropped before a response. */
  status: number | null;
  /** Milliseconds from arrival until the response went to the socket (latency faults included); null if dropped. */
  serveMs: number | null;
  /** The kinds of the faults that fired for it. */
  faults: string[];
  hadBearer: boolean;
}

export interface RequestMatch {
  method?: string;
  path?: string | RegExp;
}

export function matchesRequest(entry: RequestLogEntry, match: RequestMatch): boolean {
  if (match.method && match.method.toUpperCase() !== entry.method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? entry.relativePath.includes(match.path) : match.path.test(entry.relativePath);
}
