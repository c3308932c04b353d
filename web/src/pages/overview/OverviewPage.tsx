import { useSearchParams } from 'react-router-dom';
import { fetchSteps, fetchTimeouts } from '../../api/endpoints.ts';
import { ComparePicker, useCompare } from '../../components/ComparePicker.tsx';
import { FilterBar } from '../../components/FilterBar.tsx';
import { Section } from '../../components/Section.tsx';
import { ErrorState, Load, Skeleton } from '../../components/States.tsx';
import { useLink } from '../../hooks/LinkContext.tsx';
import { rangeKey, useTime } from '../../hooks/TimeContext.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { useFilters } from '../../hooks/useFilters.ts';
import { setParam, useUpdateParams } from '../../hooks/useUrlParam.ts';
import { SloPanel } from '../../slo/SloPanel.tsx';
import { groupSuggestions } from '../../url/filters.ts';
import { AlertStatus } from './AlertStatus.tsx';
import { CheckStatus } from './CheckStatus.tsx';
import { LatencyChart } from './LatencyChart.tsx';
import { StepTable } from './StepTable.tsx';
import { TimeoutHotspots } from './TimeoutHotspots.tsx';

export default function OverviewPage() {
  const link = useLink();
  const time = useTime();
  const [params] = useSearchParams();
  const update = useUpdateParams();
  const dimensions = link.data?.dimensions ?? [];
  const { filters, filtersKey } = useFilters();
  const groupBy = params.get('groupBy') ?? '';
  const compare = useCompare();
  const key = `${rangeKey(time)}|${groupBy}|${filtersKey}|${compare ?? ''}`;
  const steps = useApi(link.data ? `steps-${key}` : null, (signal) =>
    fetchSteps(time.range, { groupBy: groupBy || undefined, filters, compare }, signal),
  );
  const timeouts = useApi(
    link.data ? `timeouts-${rangeKey(time)}-${filtersKey}-${compare ?? ''}` : null,
    (signal) => fetchTimeouts(time.range, filters, signal, compare),
  );

  if (!link.data)
    return link.status === 'error' ? (
      <ErrorState error={link.error} onRetry={link.reload} />
    ) : (
      <Skeleton rows={8} />
    );
  const linkSteps = link.data.steps;
  const suggestions = groupSuggestions((steps.data?.steps ?? []).flatMap((s) => s.groups));

  return (
    <div className="page">
      <h1 className="page-title">Overview</h1>
      <div className="toolbar">
        <FilterBar dimensions={dimensions} suggestions={suggestions} />
        <label>
          Group by{' '}
          <select
            aria-label="Group by"
            value={groupBy}
            onChange={(e) => update((p) => setParam(p, 'groupBy', e.target.value), true)}
          >
            <option value="">(none)</option>
            {dimensions.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <ComparePicker />
      </div>
      <div className="status-grid">
        <Section title="Alert status" id="alert-status">
          <AlertStatus />
        </Section>
        <Section title="Consistency checks" id="check-status-card">
          <CheckStatus />
        </Section>
      </div>
      <Section title="Steps" id="step-table">
        <Load
          value={steps}
          skeletonRows={linkSteps.length}
          isEmpty={(d) => d.steps.every((s) => s.count === 0)}
          empty="No spans of any step in this time range."
        >
          {(data) => <StepTable steps={data.steps} linkSteps={linkSteps} previous={data.previous?.steps} />}
        </Load>
      </Section>
      <Section title="Latency over time" id="latency-series">
        <div className="chart-grid">
          {linkSteps.map((s) => (
            <LatencyChart key={s.id} step={s} />
          ))}
        </div>
      </Section>
      <Section title="SLOs" id="slos">
        <SloPanel />
      </Section>
      <Section title="Timeout hotspots" id="timeout-hotspots">
        <Load value={timeouts}>{(data) => <TimeoutHotspots data={data} linkSteps={linkSteps} />}</Load>
      </Section>
    </div>
  );
}
