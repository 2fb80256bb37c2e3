// The explicit, remembered "yes" the operator gives before secrets go into Linux's `basic_text`
// store (no keyring running, e.g. a kiosk session without GNOME Keyring or KWallet). See
// https://www.electronjs.org/docs/latest/api/safe-storage#safestoragegetselectedstoragebackend-linux
import type { Preferences } from './preferences.ts';

const KEY = 'weakSecretStorageAccepted';

export interface WeakStorageQuestion {
  title: string;
  message: string;
  detail: string;
  accept: string;
  decline: string;
}

export const weakStorageQuestion: WeakStorageQuestion = {
  title: 'No keyring for secrets',
  message: 'This computer has no keyring running, so the client secret and password cannot be encrypted.',
  detail:
    'If you continue, they are stored obscured but readable by anyone who can read your files. ' +
    'Start GNOME Keyring or KWallet and restart DropStream Connector to store them encrypted instead.',
  accept: 'Store them anyway',
  decline: 'Do not store',
};

/** Resolves true when accepted before, or when the operator accepts now (remembered). */
export function weakStorageConsent(prefs: Preferences, ask: (question: WeakStorageQuestion) => Promise<boolean>): () => Promise<boolean> {
  return async () => {
    if (prefs.get(KEY) === true) return true;
    const accepted = await ask(weakStorageQuestion);
    if (accepted) prefs.set(KEY, true);
    return accepted;
  };
}
