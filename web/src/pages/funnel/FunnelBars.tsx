import { Link, useSearchParams } from 'react-router-dom';
import type { FunnelStep } from '../../api/schemas/funnel.ts';
import type { LinkStep } from '../../api/schemas/link.ts';
import { stepTitle } from '../../api/schemas/link.ts';
import { formatMs } from '../../format/duration.ts';
import { formatCount, formatPercent } from '../../format/number.ts';
import { funnelBars } from '../../funnel/funnelBars.ts';
import { dropOffsSearch, failuresSearch } from '../../funnel/traceLinks.ts';

/** One bar per step in link order: succeeded, failed, and the drop-off before it; figures beside. */
export function FunnelBars({ steps, linkSteps }: { steps: FunnelStep[]; linkSteps: LinkStep[] }) {
  const [params] = useSearchParams();
  const bars = funnelBars(steps);
  const title = (id: string) => {
    const def = linkSteps.find((s) => s.id === id);
    return def ? stepTitle(def) : id;
  };
  return (
    <ol className="funnel">
      {steps.map((s, i) => {
        const bar = bars[i]!;
        const prev = i > 0 ? steps[i - 1] : undefined;
        return (
          <li key={s.step} className="funnel-step" data-step={s.step}>
            <div className="funnel-head">
              <span className="funnel-title">
                {i + 1}. {title(s.step)}
              </span>
              <span className="funnel-conv" title="Conversion from the first step">
                <span data-field="conversionFromStart">{formatPercent(s.conversionFromStart)}</span> of start
                {prev && (
                  <>
                    {' · '}
                    <span data-field="conversionFromPrevious">{formatPercent(s.conversionFromPrevious)}</span>{' '}
                    of previous
                  </>
                )}
              </span>
            </div>
            <div
              className="funnel-bar"
              role="img"
              aria-label={`${title(s.step)}: ${s.succeeded} succeeded, ${s.failed} failed, ${s.dropped} dropped`}
            >
              <span className="seg seg-ok" style={{ width: `${bar.succeeded * 100}%` }} />
              <span className="seg seg-failed" style={{ width: `${bar.failed * 100}%` }} />
              <span className="seg seg-dropped" style={{ width: `${bar.dropped * 100}%` }} />
            </div>
            <dl className="funnel-figures">
              <div>
                <dt>Entered</dt>
                <dd data-field="entered">{formatCount(s.entered)}</dd>
              </div>
              <div>
                <dt>Succeeded</dt>
                <dd data-field="succeeded">{formatCount(s.succeeded)}</dd>
              </div>
              <div>
                <dt>Failed</dt>
                <dd data-field="failed">
                  {s.failed > 0 ? (
                    <Link
                      to={failuresSearch(params, s.step)}
                      aria-label={`Traces failing at ${title(s.step)}`}
                    >
                      {formatCount(s.failed)}
                    </Link>
                  ) : (
                    formatCount(s.failed)
                  )}
                </dd>
              </div>
              <div>
                <dt>Dropped</dt>
                <dd data-field="dropped">
                  {s.dropped > 0 && prev ? (
                    <Link
                      to={dropOffsSearch(params, prev.step, s.step)}
                      aria-label={`Journeys dropped before ${title(s.step)}`}
                    >
                      {formatCount(s.dropped)}
                    </Link>
                  ) : (
                    formatCount(s.dropped)
                  )}
                </dd>
              </div>
              {prev && (
                <div>
                  <dt>From previous (p50 / p90)</dt>
                  <dd data-field="fromPrevious">
                    {formatMs(s.p50MsFromPrevious)} / {formatMs(s.p90MsFromPrevious)}
                  </dd>
                </div>
              )}
            </dl>
            {s.topErrors.length > 0 && (
              <ul className="top-errors" aria-label={`Top errors at ${title(s.step)}`}>
                {s.topErrors.map((e) => (
                  <li key={e.message}>
                    <span className="count">{formatCount(e.count)}×</span> {e.message}
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
