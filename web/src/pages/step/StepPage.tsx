import { Link, useParams, useSearchParams } from 'react-router-dom';
import { fetchAttribution, fetchDistribution } from '../../api/endpoints.ts';
import { stepTitle } from '../../api/schemas/link.ts';
import { relativeChange } from '../../compare/change.ts';
import { ChangeBadge } from '../../components/ChangeBadge.tsx';
import { ComparePicker, useCompare } from '../../components/ComparePicker.tsx';
import { FilterBar } from '../../components/FilterBar.tsx';
import { Section } from '../../components/Section.tsx';
import { EmptyState, ErrorState, Load, Skeleton } from '../../components/States.tsx';
import { selectedCells, sliceOfColumns } from '../../drilldown/heatmapGrid.ts';
import { bandOfBuckets, bucketInBand } from '../../drilldown/histogram.ts';
import { hasSelection, readSelection, type Selection, writeSelection } from '../../drilldown/selection.ts';
import { formatMs } from '../../format/duration.ts';
import { formatCount } from '../../format/number.ts';
import { formatInstant } from '../../format/time.ts';
import { useLink } from '../../hooks/LinkContext.tsx';
import { rangeKey, useTime } from '../../hooks/TimeContext.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { useFilters } from '../../hooks/useFilters.ts';
import { useUpdateParams } from '../../hooks/useUrlParam.ts';
import { SloPanel } from '../../slo/SloPanel.tsx';
import { carryOver, writeFilter } from '../../url/filters.ts';
import { AttributionTable } from './AttributionTable.tsx';
import { LatencyHeatmap } from './LatencyHeatmap.tsx';
import { LatencyHistogram } from './LatencyHistogram.tsx';

/** Step drill-down: distribution, heatmap, and what a dragged slice has in common. */
export default function StepPage() {
  const { step = '' } = useParams();
  const link = useLink();
  const time = useTime();
  const [params] = useSearchParams();
  const update = useUpdateParams();
  const { filters, filtersKey } = useFilters();
  const compare = useCompare();
  const selection = readSelection(params);
  const def = link.data?.steps.find((s) => s.id === step);
  const distribution = useApi(
    def ? `distribution-${step}-${rangeKey(time)}-${filtersKey}-${compare ?? ''}` : null,
    (signal) => fetchDistribution(time.range, step, { filters, compare }, signal),
  );
  const sliceRange = {
    fromMs: selection.sliceFromMs ?? time.range.fromMs,
    toMs: selection.sliceToMs ?? time.range.toMs,
  };
  const attribution = useApi(
    def && hasSelection(selection)
      ? `attribution-${step}-${rangeKey(time)}-${filtersKey}-${JSON.stringify(selection)}`
      : null,
    (signal) => fetchAttribution(sliceRange, step, selection, filters, signal),
  );

  if (!link.data)
    return link.status === 'error' ? (
      <ErrorState error={link.error} onRetry={link.reload} />
    ) : (
      <Skeleton rows={8} />
    );
  if (!def) return <EmptyState>No step “{step}” in this payment link.</EmptyState>;

  const select = (next: Selection) => update((p) => writeSelection(p, next), true);
  const carry = carryOver(params).toString();
  const current = distribution.data;

  return (
    <div className="page">
      <h1 className="page-title">
        <Link to={`/?${carry}`}>Overview</Link> / {stepTitle(def)}
      </h1>
      <div className="toolbar">
        <FilterBar dimensions={link.data.dimensions} />
        <label>
          Outcome{' '}
          <select
            aria-label="Outcome"
            value={selection.outcome ?? ''}
            onChange={(e) =>
              select({ ...selection, outcome: (e.target.value || undefined) as Selection['outcome'] })
            }
          >
            <option value="">any</option>
            <option value="error">errors</option>
            <option value="timeout">timeouts</option>
          </select>
        </label>
        <ComparePicker />
        {hasSelection(selection) && (
          <button type="button" onClick={() => select({})}>
            Clear selection
          </button>
        )}
      </div>
      {current && (
        <div className="stat-row" data-testid="step-summary">
          <div className="stat">
            <div className="stat-label">Spans</div>
            <div className="stat-value" data-field="count">
              {formatCount(current.count)}
            </div>
            {current.previous && (
              <ChangeBadge change={relativeChange(current.count, current.previous.count, false)} />
            )}
          </div>
          <div className="stat">
            <div className="stat-label">Budget</div>
            <div className="stat-value">{formatMs(def.timeoutMs)}</div>
          </div>
          <div className="stat">
            <div className="stat-label">Selection</div>
            <div className="stat-value" data-field="selection">
              {describeSelection(selection)}
            </div>
          </div>
        </div>
      )}
      <div className="drilldown-grid">
        <div className="drilldown-charts">
          <Section title="Latency distribution" id="step-histogram">
            <Load
              value={distribution}
              skeletonRows={4}
              isEmpty={(d) => d.count === 0 && !d.previous?.count}
              empty="No spans of this step in this time range."
            >
              {(data) => (
                <LatencyHistogram
                  buckets={data.buckets}
                  previous={data.previous?.buckets}
                  band={selection}
                  onSelect={(band) => select({ ...selection, minMs: band.minMs, maxMs: band.maxMs })}
                />
              )}
            </Load>
          </Section>
          <Section title="Latency over time" id="step-heatmap">
            <Load
              value={distribution}
              skeletonRows={4}
              isEmpty={(d) => d.count === 0}
              empty="No spans of this step in this time range."
            >
              {(data) => (
                <LatencyHeatmap
                  heatmap={data.heatmap}
                  selected={
                    hasSelection(selection) &&
                    (selection.minMs !== undefined ||
                      selection.maxMs !== undefined ||
                      selection.sliceFromMs !== undefined)
                      ? selectedCells(
                          data.heatmap,
                          { fromMs: selection.sliceFromMs, toMs: selection.sliceToMs },
                          (j) => bucketInBand(data.heatmap.leMs, j, selection),
                        )
                      : undefined
                  }
                  onSelect={(from, to) => {
                    const band = bandOfBuckets(data.heatmap.leMs, from.bucket, to.bucket);
                    const slice = sliceOfColumns(data.heatmap, from.column, to.column);
                    select({
                      ...selection,
                      minMs: band.minMs,
                      maxMs: band.maxMs,
                      sliceFromMs: slice.fromMs,
                      sliceToMs: slice.toMs,
                    });
                  }}
                />
              )}
            </Load>
          </Section>
        </div>
        <Section title="What the selection has in common" id="step-attribution">
          {!hasSelection(selection) ? (
            <p className="hint">
              Drag over the histogram or the heatmap (or pick an outcome) to see what the selected spans
              share.
            </p>
          ) : (
            <Load value={attribution} skeletonRows={6}>
              {(data) => (
                <AttributionTable
                  data={data}
                  dimensions={link.data?.dimensions ?? []}
                  onFilter={(key, value) => update((p) => writeFilter(p, key, value), true)}
                  traceHref={(traceId) => `/traces/${traceId}${carry ? `?${carry}` : ''}`}
                />
              )}
            </Load>
          )}
        </Section>
        {def.slo && (
          <Section title="SLO" id="step-slo">
            <SloPanel step={step} />
          </Section>
        )}
      </div>
    </div>
  );
}

function describeSelection(selection: Selection): string {
  const parts: string[] = [];
  if (selection.minMs !== undefined || selection.maxMs !== undefined) {
    parts.push(
      `${formatMs(selection.minMs ?? 0)} – ${selection.maxMs === undefined ? '∞' : formatMs(selection.maxMs)}`,
    );
  }
  if (selection.sliceFromMs !== undefined && selection.sliceToMs !== undefined) {
    parts.push(`${formatInstant(selection.sliceFromMs)} → ${formatInstant(selection.sliceToMs)}`);
  }
  if (selection.outcome) parts.push(selection.outcome === 'error' ? 'errors' : 'timeouts');
  return parts.length > 0 ? parts.join(' · ') : 'none';
}
