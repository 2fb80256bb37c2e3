// The save button and the announced result under the delivery setup forms, which save the same way.

export type SaveOutcome = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; message: string };

export function SaveRow({ outcome, label, busyLabel, saved, refused }: { outcome: SaveOutcome; label: string; busyLabel: string; saved: string; refused: string }) {
  return (
    <>
      <div className="button-row">
        {/* aria-disabled, not disabled: a disabled button drops the keyboard focus to the page, and a
            screen reader user loses their place. The forms ignore a submit while saving instead. */}
        <button type="submit" className="button-primary" aria-disabled={outcome.kind === 'saving'}>
          {outcome.kind === 'saving' ? busyLabel : label}
        </button>
      </div>
      <div aria-live="polite">
        {outcome.kind === 'saved' ? <p className="text-ok">{saved}</p> : null}
        {outcome.kind === 'failed' ? (
          <p className="alert alert-error" role="alert">
            {refused}: {outcome.message}
          </p>
        ) : null}
      </div>
    </>
  );
}
