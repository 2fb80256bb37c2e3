// What the parked-deliveries and failed-tracking lists share: one action (retry, dismiss) at a
// time, a notice that says how it went (polite when it worked, an alert when it did not), and the
// job row with Retry (and, where the list offers it, Dismiss, which asks once more first).
import { useState, type ReactNode } from 'react';

type Notice = { ok: boolean; text: string };

export function useRetry() {
  const [busy, setBusy] = useState<number | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  /** Runs `action` for job `id`; its result is the success text, a throw becomes `failed(message)`. */
  async function act(id: number, action: () => Promise<string>, failed: (message: string) => string): Promise<void> {
    setBusy(id);
    setNotice(null);
    try {
      setNotice({ ok: true, text: await action() });
    } catch (error) {
      setNotice({ ok: false, text: failed(error instanceof Error ? error.message : String(error)) });
    } finally {
      setBusy(null);
    }
  }
  return { busy, notice, act };
}

export function RetryNotice({ notice }: { notice: Notice | null }) {
  return (
    <>
      <div aria-live="polite">{notice?.ok ? <p className="text-ok">{notice.text}</p> : null}</div>
      {notice && !notice.ok ? (
        <p className="alert alert-error" role="alert">
          {notice.text}
        </p>
      ) : null}
    </>
  );
}

export interface JobRowProps {
  /** The element id of the title, which describes the Retry button. */
  titleId: string;
  title: ReactNode;
  meta: ReactNode;
  error: string;
  busy: number | null;
  id: number;
  onRetry: () => void;
  /** Closes the job for good; the row asks "Dismiss for good?" first. */
  onDismiss?: () => void;
  /** What a confirmed dismissal means, said beside the question. */
  dismissMeans?: string;
}

export function JobRow({ titleId, title, meta, error, busy, id, onRetry, onDismiss, dismissMeans }: JobRowProps) {
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="job">
      <div className="job-main">
        <p className="job-title" id={titleId}>
          {title}
        </p>
        <p className="job-meta">{meta}</p>
        <p className="job-error">{error}</p>
        {confirming ? <p className="job-confirm">Dismiss for good? {dismissMeans}</p> : null}
      </div>
      {confirming && onDismiss ? (
        <>
          <button
            type="button"
            className="button-secondary"
            disabled={busy !== null}
            aria-describedby={titleId}
            onClick={() => {
              setConfirming(false);
              onDismiss();
            }}
          >
            Yes, dismiss
          </button>
          <button type="button" className="button-secondary" aria-describedby={titleId} onClick={() => setConfirming(false)}>
            Keep
          </button>
        </>
      ) : (
        <>
          <button type="button" className="button-secondary" disabled={busy !== null} aria-describedby={titleId} onClick={onRetry}>
            {busy === id ? 'Working…' : 'Retry'}
          </button>
          {onDismiss ? (
            <button type="button" className="button-secondary" disabled={busy !== null} aria-describedby={titleId} onClick={() => setConfirming(true)}>
              Dismiss
            </button>
          ) : null}
        </>
      )}
    </li>
  );
}
