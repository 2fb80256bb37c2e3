// "Test connection" answered: every check with its outcome, what was found, and, for a failure,
// the fix in plain words with the step of the setup article that covers it.
import type { Ref } from 'react';
import type { PreflightCheck, PreflightResult } from '../../../preload/api.ts';
import { ARTICLE_NAME, articleStepText } from './article.ts';

const OUTCOME_TEXT: Record<PreflightCheck['outcome'], string> = {
  ok: 'Passed',
  failed: 'Failed',
  unknown: 'Not checked',
};

function summary(result: PreflightResult, passedText: string): string {
  const failed = result.checks.filter((check) => check.outcome === 'failed').length;
  if (result.ok) return passedText;
  if (failed === 0) return 'The test did not finish. Some checks could not run.';
  return failed === 1 ? '1 check failed. Fix it, then test again.' : `${failed} checks failed. Fix them, then test again.`;
}

export interface PreflightResultsProps {
  result: PreflightResult;
  ref?: Ref<HTMLElement>;
  /** What a pass means where the test ran (Setup: you can save). */
  passedText?: string;
}

export function PreflightResults({ result, ref, passedText = 'All checks passed. You can save.' }: PreflightResultsProps) {
  return (
    <section className="preflight" aria-labelledby="preflight-heading" ref={ref} tabIndex={-1}>
      <h3 id="preflight-heading">Connection test</h3>
      <p className={result.ok ? 'preflight-summary ok' : 'preflight-summary failed'} role="status">
        {summary(result, passedText)}
        {result.endpointVersion ? ` Endpoint version: ${result.endpointVersion}.` : ''}
      </p>
      <ul className="preflight-checks">
        {result.checks.map((check) => (
          <li key={check.id} className={`check check-${check.outcome}`} data-check={check.id}>
            <div className="check-head">
              <span className={`badge badge-${check.outcome === 'ok' ? 'ok' : check.outcome === 'failed' ? 'error' : 'muted'}`}>
                <span aria-hidden="true">{check.outcome === 'ok' ? '✓ ' : check.outcome === 'failed' ? '✗ ' : '? '}</span>
                {OUTCOME_TEXT[check.outcome]}
              </span>
              <span className="check-label">{check.label}</span>
            </div>
            {check.detail ? <p className="check-detail">{check.detail}</p> : null}
            {check.outcome !== 'ok' && check.fix ? (
              <p className="check-fix">
                <strong>How to fix: </strong>
                {check.fix}
              </p>
            ) : null}
            {check.outcome !== 'ok' ? (
              <p className="check-article">
                See {ARTICLE_NAME}, {articleStepText(check.id, check.articleStep)}.
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
