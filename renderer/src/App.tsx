// The window: a header with the connection at a glance, the navigation, and one screen at a time.
// Orders and Activity stay mounted once opened, so their live streams keep filling while hidden.
// The shell chooses the screen with the address's hash when it opens a window, and with `navigate`
// events afterwards (tray items, notifications).
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ConnectorStatus } from '../../preload/api.ts';
import { ApiProvider, useApi } from './api/ApiContext.tsx';
import type { ApiChoice } from './api/choose-api.ts';
import type { ServiceLink } from './api/http-transport.ts';
import { ActivityLog } from './activity/ActivityLog.tsx';
import { Dashboard } from './dashboard/Dashboard.tsx';
import { connectionCopy } from './dashboard/connection-copy.ts';
import { useStatus } from './hooks/useStatus.ts';
import { OrderLog } from './orders/OrderLog.tsx';
import { SetupScreen } from './setup/SetupScreen.tsx';
import { Unavailable } from './Unavailable.tsx';
import { destinationFromHash, destinationOf, type AppScreen } from './navigation.ts';
import { DeliveriesScreen } from './deliveries/DeliveriesScreen.tsx';
import { SecretBanner } from './reminder/SecretBanner.tsx';
import { RotateSecretScreen } from './rotate/RotateSecretScreen.tsx';
import { ServiceLinkNotice } from './ServiceLinkNotice.tsx';

export type Screen = AppScreen;

const SCREENS: readonly { id: Screen; label: string }[] = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'orders', label: 'Orders' },
  { id: 'deliveries', label: 'Deliveries' },
  { id: 'activity', label: 'Activity' },
  { id: 'setup', label: 'Setup' },
];

function Header({ children }: { children?: ReactNode }) {
  return (
    <header className="app-header">
      <h1>DropStream Connector</h1>
      {children}
    </header>
  );
}

export interface AppProps {
  choice: ApiChoice;
  /** The address's hash when the page loaded (`#/setup`, `#/rotate-secret`, …). */
  initialHash?: string;
}

export function App({ choice, initialHash = '' }: AppProps) {
  if (choice.kind === 'unavailable') {
    return (
      <div className="app">
        <Header />
        <main className="app-main">
          <Unavailable />
        </main>
      </div>
    );
  }
  return (
    <ApiProvider api={choice.api}>
      <ConnectedApp initial={destinationFromHash(initialHash)} watchLink={choice.kind === 'headless' ? choice.watchLink : undefined} />
    </ApiProvider>
  );
}

type WatchLink = (listener: (link: ServiceLink) => void) => () => void;

function ConnectedApp({ initial, watchLink }: { initial: Screen | null; watchLink: WatchLink | undefined }) {
  const api = useApi();
  const { state, replace, reload } = useStatus(api);
  const [link, setLink] = useState<ServiceLink>('live');
  useEffect(() => watchLink?.(setLink), [watchLink]);
  // Back after a gap: the status events sent meanwhile were missed, so read the status again.
  const linkWasDown = useRef(false);
  useEffect(() => {
    if (link !== 'live') linkWasDown.current = true;
    else if (linkWasDown.current) {
      linkWasDown.current = false;
      api.getStatus().then(replace, () => undefined);
    }
  }, [api, link, replace]);
  const [screen, setScreen] = useState<Screen>(initial ?? 'dashboard');
  const [visited, setVisited] = useState<ReadonlySet<Screen>>(new Set([initial ?? 'dashboard']));
  // Each request for the rotation wizard starts it afresh, even when it is already open.
  const [rotation, setRotation] = useState(0);
  // The order and activity logs stay mounted and follow live events. A move to another Acumatica
  // company clears the ledger (this window's Setup, or `connector setup --new-company` beside it),
  // and logs kept as loaded would go on showing the old company's orders beside the new: they are
  // loaded afresh (remounted) whenever the status says the records were started over. Set while
  // rendering (React's pattern for state derived from a previous render); undefined until the
  // first status, so the logs do not load twice when the window opens on them.
  const [listsKey, setListsKey] = useState<string | null | undefined>(undefined);
  if (state.kind === 'ready' && state.status.recordsStartedOverAt !== listsKey) setListsKey(state.status.recordsStartedOverAt);
  // A screen the shell asked for wins over the first-run default.
  const decided = useRef(initial !== null);
  const mainRef = useRef<HTMLElement>(null);
  // Bumped when the focus should follow the move to a screen; the effect below runs once it shows.
  const [focusRequest, setFocusRequest] = useState(0);

  function go(next: Screen, moveFocus = false) {
    if (next === 'rotate-secret') setRotation((count) => count + 1);
    setScreen(next);
    setVisited((current) => new Set(current).add(next));
    if (moveFocus) setFocusRequest((count) => count + 1);
  }

  // Remind me tomorrow hides the reminder, and the button pressed with it: the focus goes to the screen.
  const snoozed = (status: ConnectorStatus) => {
    replace(status);
    setFocusRequest((count) => count + 1);
  };

  // After the screen has rendered: a move after an answer (Save in Setup) renders after a 0 ms
  // timer would have fired. The heading of the screen shown, not of a hidden one kept mounted.
  useEffect(() => {
    if (focusRequest === 0) return;
    const targets = mainRef.current?.querySelectorAll<HTMLElement>('h2, [role=status]') ?? [];
    [...targets].find((target) => target.closest('[hidden]') === null)?.focus();
  }, [focusRequest]);

  useEffect(
    () =>
      api.on('navigate', ({ screen: requested }) => {
        decided.current = true;
        go(destinationOf(requested), true);
      }),
    [api],
  );

  // The first run opens Setup; later status changes never move the operator elsewhere.
  useEffect(() => {
    if (state.kind !== 'ready' || decided.current) return;
    decided.current = true;
    if (state.status.connection.kind === 'not-configured') go('setup');
  }, [state]);

  return (
    <div className="app">
      <Header>{state.kind === 'ready' ? <StatusPill status={state.status} /> : null}</Header>
      <nav className="app-nav" aria-label="Main">
        {SCREENS.map(({ id, label }) => (
          <button
            key={id}
            type="button"
            className="nav-item"
            aria-current={screen === id ? 'page' : undefined}
            onClick={() => go(id)}
          >
            {label}
          </button>
        ))}
      </nav>
      {/* Only over something shown: a page that never got the status says why in its place. */}
      {state.kind === 'ready' ? <ServiceLinkNotice link={link} /> : null}
      {state.kind === 'ready' ? (
        <SecretBanner secret={state.status.secret} onSnoozed={snoozed} onRotate={screen === 'rotate-secret' ? undefined : () => go('rotate-secret', true)} />
      ) : null}
      <main className="app-main" ref={mainRef}>
        {state.kind === 'loading' ? <p role="status">Connecting to the connector…</p> : null}
        {state.kind === 'failed' ? (
          <div className="alert alert-error" role="alert">
            <p>The connector did not answer: {state.message}</p>
            <button type="button" className="button-secondary" onClick={reload}>
              Try again
            </button>
          </div>
        ) : null}
        {state.kind === 'ready' ? (
          <>
            {screen === 'dashboard' ? (
              <Dashboard status={state.status} onStatus={replace} onOpenSetup={() => go('setup', true)} onRotateSecret={() => go('rotate-secret', true)} />
            ) : null}
            {screen === 'deliveries' ? <DeliveriesScreen status={state.status} /> : null}
            {screen === 'setup' ? (
              <SetupScreen
                status={state.status}
                onSaved={(status: ConnectorStatus) => {
                  replace(status);
                  go('dashboard', true);
                }}
              />
            ) : null}
            {screen === 'rotate-secret' ? (
              <RotateSecretScreen
                key={rotation}
                status={state.status}
                onStatus={replace}
                onFinish={() => go('dashboard', true)}
                onOpenSetup={() => go('setup', true)}
              />
            ) : null}
          </>
        ) : null}
        {visited.has('orders') && listsKey !== undefined ? (
          <div hidden={screen !== 'orders'}>
            <OrderLog key={listsKey ?? 'never'} />
          </div>
        ) : null}
        {visited.has('activity') && listsKey !== undefined ? (
          <div hidden={screen !== 'activity'}>
            <ActivityLog key={listsKey ?? 'never'} />
          </div>
        ) : null}
      </main>
    </div>
  );
}

function StatusPill({ status }: { status: ConnectorStatus }) {
  const copy = connectionCopy(status.connection, Date.now(), status.storedSecrets);
  return (
    <p className={`status-pill tone-${copy.tone}`} aria-label={`Connection: ${copy.title}`}>
      <span className="connection-dot" aria-hidden="true" />
      {copy.title}
    </p>
  );
}
