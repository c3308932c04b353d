import { Link } from 'react-router-dom';
import { type JourneyTraceEntry, joinedText, shortTraceId } from '../../traces/journeyTraces.ts';

/** The traces of a journey, each opening on its own, with how it joined the journey. */
export function JourneyTraces({ entries, search }: { entries: JourneyTraceEntry[]; search: string }) {
  const query = search ? `?${search}` : '';
  return (
    <ul className="journey-traces" aria-label="Journey traces">
      {entries.map((entry) => {
        const joined = joinedText(entry);
        return (
          <li key={entry.traceId} data-trace-id={entry.traceId} data-via={entry.via ?? undefined}>
            <Link className="mono" to={`/traces/${entry.traceId}${query}`} title={entry.traceId}>
              {shortTraceId(entry.traceId)}
            </Link>
            {entry.via === 'link' && (
              <span className="mark-link" aria-hidden="true">
                {' '}
                ⤷
              </span>
            )}
            {joined && <span className="joined"> — {joined}</span>}
          </li>
        );
      })}
    </ul>
  );
}
