import { Link, useSearchParams } from 'react-router-dom';
import { fetchTraces } from '../../api/endpoints.ts';
import { Section } from '../../components/Section.tsx';
import { Load, Skeleton } from '../../components/States.tsx';
import { useLink } from '../../hooks/LinkContext.tsx';
import { rangeKey, useTime } from '../../hooks/TimeContext.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { useUpdateParams } from '../../hooks/useUrlParam.ts';
import { readSearchFields, searchQuery, writeSearchFields } from '../../traces/searchParams.ts';
import { carryOver } from '../../url/filters.ts';
import { DroppedJourneys } from './DroppedJourneys.tsx';
import { TraceResults } from './TraceResults.tsx';
import { TraceSearchForm } from './TraceSearchForm.tsx';

export default function TracesPage() {
  const link = useLink();
  const time = useTime();
  const [params] = useSearchParams();
  const update = useUpdateParams();
  const fields = readSearchFields(params);
  const droppedAfter = params.get('droppedAfter');
  const query = searchQuery(fields);
  const traces = useApi(droppedAfter ? null : `traces-${rangeKey(time)}-${JSON.stringify(query)}`, (signal) =>
    fetchTraces({ ...time.range, ...query }, signal),
  );
  // The search works without the link definition (no step list) should /link fail.
  if (link.status === 'loading' && !link.data) return <Skeleton rows={8} />;

  return (
    <div className="page">
      <h1 className="page-title">Traces</h1>
      <TraceSearchForm
        value={fields}
        linkSteps={link.data?.steps ?? []}
        onSearch={(f) => update((p) => writeSearchFields(p, f), true)}
      />
      {droppedAfter ? (
        <Section title="Dropped journeys" id="dropped">
          <DroppedJourneys after={droppedAfter} before={params.get('droppedBefore') ?? ''} />
        </Section>
      ) : (
        <Section
          title="Results"
          id="trace-results"
          actions={
            query.key && (
              <Link to={`/journeys/${encodeURIComponent(query.key)}?${carryOver(params)}`}>
                Open journey {query.key}
              </Link>
            )
          }
        >
          <Load
            value={traces}
            isEmpty={(d) => d.traces.length === 0}
            empty="No traces match this search in this time range."
          >
            {(data) => (
              <>
                <p className="hint" data-testid="result-count">
                  {data.traces.length} newest matching traces
                  {data.traces.length >= 50 && ' (more may match: narrow the time range or add filters)'}
                </p>
                <TraceResults traces={data.traces} />
              </>
            )}
          </Load>
        </Section>
      )}
    </div>
  );
}
