// What the parked-deliveries and failed-tracking lists share: one action (retry, dismiss) at a
// time, a notice that says how it went (polite when it worked, an alert when it did not), and the
// job row with Retry (and, where the list offers it, Dismiss, which asks once more first).
import { useEffect, useRef, useState, type ReactNode } from 'react';

type Notice = { ok: boolean; text: string };

export function useRetry() {
  const [busy, setBusy] = useState<number | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  /** The list's panel, holding its heading and one `li.job` per row. */
  const panelRef = useRef<HTMLElement>(null);
  /** The position of the row acted on, once its action has answered; -1 when no row held the focus. */
  const [answered, setAnswered] = useState<{ row: number } | null>(null);

  /** Runs `action` for job `id`; its result is the success text, a throw becomes `failed(message)`. */
  async function act(id: number, action: () => Promise<string>, failed: (message: string) => string): Promise<void> {
    const rows = [...(panelRef.current?.querySelectorAll('li.job') ?? [])];
    const row = rows.findIndex((each) => each.contains(document.activeElement));
    setBusy(id);
    setNotice(null);
    try {
      setNotice({ ok: true, text: await action() });
    } catch (error) {
      setNotice({ ok: false, text: failed(error instanceof Error ? error.message : String(error)) });
    } finally {
      setBusy(null);
      setAnswered({ row });
    }
  }

  // A row retried or dismissed leaves the list, and its buttons are disabled meanwhile: either drops
  // the keyboard focus to the page. Only a focus so lost moves: to the row now in that place (the
  // same row if it stayed), else the last row, else the list's heading.
  useEffect(() => {
    const panel = panelRef.current;
    if (answered === null || panel === null || (document.activeElement !== null && document.activeElement !== document.body)) return;
    const rows = panel.querySelectorAll('li.job');
    const row = answered.row < 0 ? undefined : rows[Math.min(answered.row, rows.length - 1)];
    (row?.querySelector<HTMLElement>('button:not(:disabled)') ?? panel.querySelector<HTMLElement>('h3'))?.focus();
  }, [answered]);

  return { busy, notice, act, panelRef };
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
  // Keep (or Escape) puts the focus back on Dismiss, the button that asked, not on the page body.
  const dismissRef = useRef<HTMLButtonElement>(null);
  // The question takes the focus on its safe answer: Dismiss, which asked, is gone from the row.
  const keepRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) keepRef.current?.focus();
  }, [confirming]);
  const keep = () => {
    setConfirming(false);
    setTimeout(() => dismissRef.current?.focus(), 0);
  };
  return (
    <li
      className="job"
      onKeyDown={(event) => {
        if (!confirming || event.key !== 'Escape') return;
        event.preventDefault();
        keep();
      }}
    >
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
          <button type="button" ref={keepRef} className="button-secondary" aria-describedby={titleId} onClick={keep}>
            Keep
          </button>
        </>
      ) : (
        <>
          <button type="button" className="button-secondary" disabled={busy !== null} aria-describedby={titleId} onClick={onRetry}>
            {busy === id ? 'Working…' : 'Retry'}
          </button>
          {onDismiss ? (
            <button type="button" ref={dismissRef} className="button-secondary" disabled={busy !== null} aria-describedby={titleId} onClick={() => setConfirming(true)}>
              Dismiss
            </button>
          ) : null}
        </>
      )}
    </li>
  );
}
