import type { TopError } from '../../api/schemas/funnel.ts';
import { topErrorText } from '../../funnel/stepFigures.ts';

/** A step's most frequent failure messages: journeys that ended on each, and the failing spans with it. */
export function TopErrors({ errors, title }: { errors: TopError[]; title: string }) {
  if (errors.length === 0) return null;
  return (
    <ul className="top-errors" aria-label={`Top errors at ${title}`}>
      {errors.map((e) => (
        <li key={e.message} data-message={e.message}>
          <span className="count" data-field="error-count">
            {topErrorText(e)}
          </span>{' '}
          {e.message}
        </li>
      ))}
    </ul>
  );
}
