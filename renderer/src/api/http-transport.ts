// The headless service's side of the contract: methods over fetch, events over one EventSource.
// `invoke` hands back the service's Envelope unchanged (createConnectorApi validates it); when the
// service answers with no envelope at all (down, wrong token), it makes one the operator can act on.
import type { ConnectorTransport, Envelope, EventName, MethodName } from '../../../preload/api.ts';

export interface HttpTransportOptions {
  token: string;
  /** Where the service lives; the page's own origin by default (the CSP allows only 'self'). */
  baseUrl?: string;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}

type Listener = (payload: unknown) => void;

/**
 * How the page's live event stream stands: `live`; `reconnecting` (the service is not answering,
 * the browser retries by itself); `lost` (the browser gave up: the service refused the stream,
 * which a service restarted with a new launch token does).
 */
export type ServiceLink = 'live' | 'reconnecting' | 'lost';

export interface HttpTransport extends ConnectorTransport {
  /** Hears each change of the stream's state, once it has been opened by a listener. */
  onLink(listener: (link: ServiceLink) => void): () => void;
}

/** EventSource.CLOSED; read as a number so a test's stand-in need not carry the constant. */
const CLOSED = 2;

function failure(code: 'refused' | 'failed', message: string): Envelope {
  return { ok: false, error: { code, message } };
}

const RESTART_HINT = 'Open the address the connector service printed when it started, or the one in the dashboard-address file of its data folder (it ends with ?token=…).';

export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const base = (options.baseUrl ?? '').replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const listeners = new Map<EventName, Set<Listener>>();
  const subscribed = new Set<EventName>();
  let source: EventSource | null = null;
  const linkListeners = new Set<(link: ServiceLink) => void>();
  let link: ServiceLink = 'live';

  function setLink(next: ServiceLink): void {
    if (next === link) return;
    link = next;
    for (const listener of [...linkListeners]) listener(next);
  }

  async function invoke(method: MethodName, request: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await doFetch(`${base}/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(request ?? null),
      });
    } catch {
      return failure('failed', 'Cannot reach the connector service. Check that it is still running, then reload this page.');
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    if (body !== null && typeof body === 'object' && 'ok' in body) return body;
    if (response.status === 401 || response.status === 403) {
      return failure('refused', `The connector service did not accept this page's launch token. ${RESTART_HINT}`);
    }
    return failure('failed', `The connector service answered ${response.status} ${response.statusText} without a result.`);
  }

  function openSource(): EventSource {
    if (source) return source;
    const EventSourceImpl = options.EventSource ?? EventSource;
    const opened = new EventSourceImpl(`${base}/api/events?token=${encodeURIComponent(options.token)}`);
    opened.addEventListener('open', () => source === opened && setLink('live'));
    opened.addEventListener('error', () => source === opened && setLink(opened.readyState === CLOSED ? 'lost' : 'reconnecting'));
    source = opened;
    return opened;
  }

  function subscribe(event: EventName, es: EventSource): void {
    if (subscribed.has(event)) return;
    subscribed.add(event);
    es.addEventListener(event, (message: MessageEvent) => {
      let payload: unknown;
      try {
        payload = JSON.parse(String(message.data));
      } catch {
        return; // a malformed event is dropped; the next status event or a reload brings the truth
      }
      for (const listener of [...(listeners.get(event) ?? [])]) listener(payload);
    });
  }

  function on(event: EventName, listener: Listener): () => void {
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    set.add(listener);
    subscribe(event, openSource());
    return () => {
      set.delete(listener);
      const remaining = [...listeners.values()].reduce((sum, each) => sum + each.size, 0);
      if (remaining === 0 && source) {
        source.close();
        source = null;
        subscribed.clear();
      }
    };
  }

  function onLink(listener: (next: ServiceLink) => void): () => void {
    linkListeners.add(listener);
    return () => linkListeners.delete(listener);
  }

  return { invoke, on, onLink };
}
