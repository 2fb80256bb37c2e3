// Above every screen of the service's page while its live updates do not arrive: the status, counts
// and lists on screen are then the last ones heard, and would otherwise pass for current ("Connected",
// "Next sync 3 min ago") until the operator pressed a button. The service's launch token is new at
// each start, so a page open across a restart cannot catch up by itself; it says what to do.
import type { ServiceLink } from './api/http-transport.ts';

export function ServiceLinkNotice({ link }: { link: ServiceLink }) {
  if (link === 'live') return null;
  const lost = link === 'lost';
  return (
    <section className={`banner ${lost ? 'banner-error' : 'banner-warn'}`} aria-label="Connector service">
      <p className="banner-text" role="alert">
        <strong>No live updates from the connector service.</strong> What this page shows may be out of date.{' '}
        {lost
          ? 'The service was restarted or stopped, and each start has a new address: open the address it printed when it started, or the one in the dashboard-address file of its data folder (it ends with ?token=…).'
          : 'The page reconnects by itself when the service answers again.'}
      </p>
    </section>
  );
}
