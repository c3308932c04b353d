import { useCallback, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { TraceView } from '../../api/schemas/traces.ts';
import type { TraceViewKind } from '../../api/traceView.ts';
import { Section } from '../../components/Section.tsx';
import { ErrorState, Load } from '../../components/States.tsx';
import { formatMs } from '../../format/duration.ts';
import { formatCount } from '../../format/number.ts';
import { formatInstant } from '../../format/time.ts';
import { journeyTraceList } from '../../traces/journeyTraces.ts';
import { carryOver } from '../../url/filters.ts';
import type { WaterfallModel } from '../../waterfall/model.ts';
import { readWaterfallState, type WaterfallUrlState, writeWaterfallState } from '../../waterfall/urlState.ts';
import { LogsPanel } from '../../waterfall-ui/LogsPanel.tsx';
import { Waterfall } from '../../waterfall-ui/Waterfall.tsx';
import { JourneyTraces } from './JourneyTraces.tsx';
import { usePagedTraceView } from './usePagedTraceView.ts';

/** Shared by /traces/:traceId and /journeys/:key: header figures, the waterfall, and the logs. */
export function TraceViewPage({ kind, id }: { kind: TraceViewKind; id: string }) {
  const paged = usePagedTraceView(kind, id);
  const { view, model } = paged;
  return (
    <div className="page page-wide">
      <h1 className="page-title">
        {kind === 'trace' ? 'Trace' : 'Journey'} <span className="mono title-id">{id}</span>
      </h1>
      <Load
        value={paged.first}
        skeletonRows={12}
        isEmpty={(v) => v.spans.length === 0}
        empty={`No spans for this ${kind}.`}
      >
        {() =>
          view &&
          model && (
            <>
              {view.truncated && (
                <div className="callout level-warn" role="status" data-testid="truncated">
                  Showing {formatCount(view.spans.length)} of{' '}
                  {formatCount(view.totalSpans ?? view.spans.length)} spans (in depth-first order).{' '}
                  <button type="button" disabled={paged.loadingMore} onClick={() => paged.loadMore(false)}>
                    Load more
                  </button>{' '}
                  <button type="button" disabled={paged.loadingMore} onClick={() => paged.loadMore(true)}>
                    Load all
                  </button>
                  {paged.loadingMore && ' Loading…'}
                </div>
              )}
              {paged.moreError && <ErrorState error={paged.moreError} />}
              <Loaded kind={kind} view={view} model={model} />
            </>
          )
        }
      </Load>
    </div>
  );
}

function Loaded({
  kind,
  view,
  model,
}: {
  kind: 'trace' | 'journey';
  view: TraceView;
  model: WaterfallModel;
}) {
  const [params, setParams] = useSearchParams();
  const state = readWaterfallState(params);
  const onChange = useCallback(
    (next: WaterfallUrlState) =>
      setParams((prev) => writeWaterfallState(new URLSearchParams(prev), next), { replace: true }),
    [setParams],
  );
  const stats = useMemo(
    () => ({
      errors: model.spans.filter((s) => s.status === 'error').length,
      timeouts: model.spans.filter((s) => s.timeout).length,
    }),
    [model],
  );
  const carry = carryOver(params).toString();
  const traces = useMemo(() => journeyTraceList(view, model.traceIds), [view, model]);
  return (
    <>
      <div className="stat-row" data-testid="trace-summary">
        <div className="stat">
          <div className="stat-label">Start</div>
          <div className="stat-value small">{formatInstant(view.startTime)}</div>
        </div>
        <div className="stat">
          <div className="stat-label">Duration</div>
          <div className="stat-value" data-field="duration">
            {formatMs(view.durationMs)}
          </div>
        </div>
        <div className="stat">
          <div className="stat-label">Spans</div>
          <div className="stat-value" data-field="spans">
            {formatCount(view.totalSpans ?? view.spans.length)}
          </div>
        </div>
        <div className="stat">
          <div className="stat-label">Services</div>
          <div className="stat-value" data-field="services">
            {model.services.length}
          </div>
        </div>
        <div className="stat">
          <div className="stat-label">Errors / timeouts</div>
          <div className="stat-value" data-field="errors">
            {stats.errors} / {stats.timeouts}
          </div>
        </div>
        {kind === 'journey' && (
          <div className="stat">
            <div className="stat-label">Traces</div>
            <div className="stat-value" data-field="traces">
              {formatCount(traces.length)}
            </div>
          </div>
        )}
      </div>
      {kind === 'journey' && (
        <Section title="Traces of this journey" id="journey-traces">
          <JourneyTraces entries={traces} search={carry} />
        </Section>
      )}
      {(view.violations?.length ?? 0) > 0 && (
        <div className="callout level-bad" role="status" data-testid="journey-violations">
          Consistency checks violated:{' '}
          {view.violations!.map((v, i) => (
            <span key={v.check}>
              {i > 0 && ', '}
              <Link to={{ pathname: '/consistency', search: carry }} className="mono">
                {v.check}
              </Link>{' '}
              ({v.spanIds.length} span{v.spanIds.length === 1 ? '' : 's'} marked ⚑)
            </span>
          ))}
        </div>
      )}
      <Waterfall model={model} state={state} onChange={onChange} />
      <Section title={`Logs (${formatCount(model.logs.length)})`} id="trace-logs">
        <LogsPanel logs={model.logs} onSelectSpan={(spanId) => onChange({ ...state, span: spanId })} />
      </Section>
    </>
  );
}
