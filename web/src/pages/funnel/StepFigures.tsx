import { Link, useSearchParams } from 'react-router-dom';
import type { FunnelStep } from '../../api/schemas/funnel.ts';
import { formatCount } from '../../format/number.ts';
import { attemptsText, overlappedNote, waitsText } from '../../funnel/stepFigures.ts';
import { stepValueLines } from '../../funnel/stepValue.ts';
import { dropOffsSearch, failuresSearch } from '../../funnel/traceLinks.ts';

/** One funnel step's figures: journey counts (failures and drop-offs link to them), attempts, waits. */
export function StepFigures({
  step,
  previous,
  title,
}: {
  step: FunnelStep;
  previous: FunnelStep | undefined;
  title: string;
}) {
  const [params] = useSearchParams();
  const attempts = attemptsText(step);
  const overlapped = overlappedNote(step.overlapped);
  return (
    <dl className="funnel-figures">
      <div>
        <dt>Entered</dt>
        <dd data-field="entered">{formatCount(step.entered)}</dd>
      </div>
      <div>
        <dt>Succeeded</dt>
        <dd data-field="succeeded">{formatCount(step.succeeded)}</dd>
      </div>
      <div>
        <dt>Failed</dt>
        <dd data-field="failed">
          {step.failed > 0 ? (
            <Link to={failuresSearch(params, step.step)} aria-label={`Traces failing at ${title}`}>
              {formatCount(step.failed)}
            </Link>
          ) : (
            formatCount(step.failed)
          )}
        </dd>
      </div>
      <div>
        <dt>Dropped</dt>
        <dd data-field="dropped">
          {step.dropped > 0 && previous ? (
            <Link
              to={dropOffsSearch(params, previous.step, step.step)}
              aria-label={`Journeys dropped before ${title}`}
            >
              {formatCount(step.dropped)}
            </Link>
          ) : (
            formatCount(step.dropped)
          )}
        </dd>
      </div>
      {stepValueLines(step.value).map((line) => (
        <div key={line.field}>
          <dt>{line.label}</dt>
          <dd data-field={line.field}>{line.text}</dd>
        </div>
      ))}
      {attempts !== null && (
        <div>
          <dt>Spans</dt>
          <dd data-field="attempts">{attempts}</dd>
        </div>
      )}
      {previous && (
        <div>
          <dt>From previous (p50 / p90)</dt>
          <dd data-field="fromPrevious">
            <span data-field="waits">{waitsText(step)}</span>
            {overlapped && (
              <span className="funnel-note" data-field="overlapped" title={overlapped.title}>
                {' · '}
                {overlapped.text}
              </span>
            )}
          </dd>
        </div>
      )}
    </dl>
  );
}
