// Setting deliveries up from the app: the destinations and the webhook's secrets. In the desktop
// app this is the only way to store the secrets, which live in its own encrypted vault.
import { useEffect, useState } from 'react';
import type { Settings } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { DestinationsForm } from './DestinationsForm.tsx';
import { WebhookSecretsForm } from './WebhookSecretsForm.tsx';

export function DeliverySetup() {
  const api = useApi();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.getSettings().then(
      (value) => live && setSettings(value),
      (error: unknown) => live && setFailure(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      live = false;
    };
  }, [api]);

  return (
    <section className="delivery-setup" aria-label="Delivery setup">
      {failure !== null ? (
        <p className="alert alert-error" role="alert">
          Could not load the delivery settings: {failure}
        </p>
      ) : null}
      {settings !== null ? <DestinationsForm settings={settings} onSaved={setSettings} /> : failure === null ? <p role="status">Loading the delivery settings…</p> : null}
      <WebhookSecretsForm />
    </section>
  );
}
