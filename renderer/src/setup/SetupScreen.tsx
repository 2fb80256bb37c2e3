// The Setup tab: the saved (non-secret) settings fill the form; secrets only say whether they are stored.
import { useEffect, useState } from 'react';
import type { ConnectorStatus } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { initialValues, type SetupFormValues } from './form-model.ts';
import { SetupForm } from './SetupForm.tsx';
import { ARTICLE_NAME } from './article.ts';

export interface SetupScreenProps {
  status: ConnectorStatus;
  onSaved: (status: ConnectorStatus) => void;
}

export function SetupScreen({ status, onSaved }: SetupScreenProps) {
  const api = useApi();
  const [initial, setInitial] = useState<SetupFormValues | null>(null);
  const firstRun = status.connection.kind === 'not-configured';

  useEffect(() => {
    let live = true;
    api.getSettings().then(
      (settings) => live && setInitial(initialValues(firstRun ? null : settings)),
      () => live && setInitial(initialValues(null)),
    );
    return () => {
      live = false;
    };
  }, [api, firstRun]);

  return (
    <section className="screen" aria-labelledby="setup-heading">
      <h2 id="setup-heading" tabIndex={-1}>
        Setup
      </h2>
      <p className="intro">
        Enter the five values from {ARTICLE_NAME}: Instance URL, Client ID, Client Secret, Username and Password. Then test the
        connection; each failed check says what to change in Acumatica.
      </p>
      {initial ? (
        <SetupForm initial={initial} stored={status.storedSecrets} onSaved={onSaved} />
      ) : (
        <p role="status">Loading the saved settings…</p>
      )}
    </section>
  );
}
