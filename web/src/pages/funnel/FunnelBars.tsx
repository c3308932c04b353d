import { Link, useSearchParams } from 'react-router-dom';
import type { FunnelStep } from '../../api/schemas/funnel.ts';
import type { LinkStep } from '../../api/schemas/link.ts';
import { stepTitle } from '../../api/schemas/link.ts';
import { pointChange } from '../../compare/change.ts';
import { ChangeBadge } from '../../components/ChangeBadge.tsx';
import { formatPercent } from '../../format/number.ts';
import { funnelBars } from '../../funnel/funnelBars.ts';
import { stepPageHref } from '../../url/filters.ts';
import { StepFigures } from './StepFigures.tsx';
import { TopErrors } from './TopErrors.tsx';

/** One bar per step in link order: succeeded, failed, and the drop-off before it; figures beside. */
export function FunnelBars({
  steps,
  linkSteps,
  previous,
}: {
  steps: FunnelStep[];
  linkSteps: LinkStep[];
  /** The same steps over the earlier window (compare=): conversions show their change in points. */
  previous?: FunnelStep[];
}) {
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
        const before = previous?.find((p) => p.step === s.step);
        return (
          <li key={s.step} className="funnel-step" data-step={s.step}>
            <div className="funnel-head">
              <span className="funnel-title">
                {i + 1}. <Link to={stepPageHref(s.step, params)}>{title(s.step)}</Link>
              </span>
              <span className="funnel-conv" title="Conversion from the first step">
                <span data-field="conversionFromStart">{formatPercent(s.conversionFromStart)}</span> of start
                {before && (
                  <>
                    {' '}
                    <ChangeBadge
                      change={pointChange(s.conversionFromStart, before.conversionFromStart, false)}
                    />
                  </>
                )}
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
            <StepFigures step={s} previous={prev} title={title(s.step)} />
            <TopErrors errors={s.topErrors} title={title(s.step)} />
          </li>
        );
      })}
    </ol>
  );
}
