import { useSearchParams } from 'react-router-dom';
import { fetchFunnel } from '../../api/endpoints.ts';
import { type Change, relativeChange } from '../../compare/change.ts';
import { ChangeBadge } from '../../components/ChangeBadge.tsx';
import { ComparePicker, useCompare } from '../../components/ComparePicker.tsx';
import { FilterBar } from '../../components/FilterBar.tsx';
import { Section } from '../../components/Section.tsx';
import { ErrorState, Load, Skeleton } from '../../components/States.tsx';
import { formatMs } from '../../format/duration.ts';
import { formatCount } from '../../format/number.ts';
import { defaultStuckStep } from '../../funnel/funnelBars.ts';
import { useLink } from '../../hooks/LinkContext.tsx';
import { rangeKey, useTime } from '../../hooks/TimeContext.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { useFilters } from '../../hooks/useFilters.ts';
import { setParam, useUpdateParams } from '../../hooks/useUrlParam.ts';
import { groupSuggestions } from '../../url/filters.ts';
import { ChannelComparison } from './ChannelComparison.tsx';
import { FunnelBars } from './FunnelBars.tsx';
import { StuckPayments } from './StuckPayments.tsx';

export default function FunnelPage() {
  const link = useLink();
  const time = useTime();
  const [params] = useSearchParams();
  const update = useUpdateParams();
  const dimensions = link.data?.dimensions ?? [];
  const groupBy = params.get('groupBy') ?? dimensions[0] ?? '';
  const { filters, filtersKey } = useFilters();
  const compare = useCompare();
  const funnel = useApi(
    link.data ? `funnel-${rangeKey(time)}-${groupBy}-${filtersKey}-${compare ?? ''}` : null,
    (signal) => fetchFunnel(time.range, groupBy || undefined, filters, signal, compare),
  );
  if (!link.data)
    return link.status === 'error' ? (
      <ErrorState error={link.error} onRetry={link.reload} />
    ) : (
      <Skeleton rows={8} />
    );
  const linkSteps = link.data.steps;

  return (
    <div className="page">
      <h1 className="page-title">Funnel</h1>
      <div className="toolbar">
        <FilterBar dimensions={dimensions} suggestions={groupSuggestions(funnel.data?.groups ?? [])} />
        <ComparePicker />
      </div>
      <Load
        value={funnel}
        skeletonRows={linkSteps.length}
        isEmpty={(d) => d.journeys === 0}
        empty="No payment journeys in this time range."
      >
        {(data) => (
          <>
            <div className="stat-row" data-testid="funnel-summary">
              <Stat
                label="Journeys"
                value={formatCount(data.journeys)}
                field="journeys"
                change={data.previous && relativeChange(data.journeys, data.previous.journeys, false)}
              />
              <Stat
                label="Completed"
                value={formatCount(data.completed.count)}
                field="completed"
                change={
                  data.previous && relativeChange(data.completed.count, data.previous.completed.count, false)
                }
              />
              {(['p50', 'p90', 'p99'] as const).map((q) => (
                <Stat
                  key={q}
                  label={`Journey ${q}`}
                  value={formatMs(data.completed[q])}
                  field={`completed-${q}`}
                  change={data.previous && relativeChange(data.completed[q], data.previous.completed[q])}
                />
              ))}
            </div>
            <Section title="Steps" id="funnel-steps">
              <FunnelBars steps={data.steps} linkSteps={linkSteps} previous={data.previous?.steps} />
            </Section>
            <Section
              title="Comparison"
              id="funnel-groups"
              actions={
                <label>
                  By{' '}
                  <select
                    aria-label="Compare by"
                    value={groupBy}
                    onChange={(e) => update((p) => setParam(p, 'groupBy', e.target.value), true)}
                  >
                    {dimensions.map((d) => (
                      <option key={d} value={d}>
                        {d}
                      </option>
                    ))}
                  </select>
                </label>
              }
            >
              <ChannelComparison funnel={data} linkSteps={linkSteps} />
            </Section>
          </>
        )}
      </Load>
      <Section title="Stuck payments" id="stuck">
        {funnel.status === 'loading' && !funnel.data ? (
          <Skeleton rows={3} />
        ) : (
          <StuckPayments
            linkSteps={linkSteps}
            defaultAfter={funnel.data ? defaultStuckStep(funnel.data.steps) : undefined}
          />
        )}
      </Section>
    </div>
  );
}

function Stat({
  label,
  value,
  field,
  change,
}: {
  label: string;
  value: string;
  field: string;
  change?: Change;
}) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-field={field}>
        {value}
      </div>
      <ChangeBadge change={change} />
    </div>
  );
}
