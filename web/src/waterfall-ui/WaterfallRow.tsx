import { memo } from 'react';
import type { LogRecord, Span } from '../api/schemas/traces.ts';
import { formatMs } from '../format/duration.ts';
import { eventOffsetMs, isExceptionEvent } from '../waterfall/model.ts';
import { clipForDrawing, type ViewedBounds } from '../waterfall/viewBounds.ts';

export const ROW_HEIGHT = 24;
const INDENT_PX = 12;
const MAX_INDENT_LEVELS = 30;

export interface RowProps {
  span: Span;
  position: number;
  depth: number;
  top: number;
  color: string;
  hasChildren: boolean;
  collapsed: boolean;
  selected: boolean;
  criticalPath: boolean;
  showTraceId: boolean;
  /** Set for spans of a trace that joined the journey only through a span link: the marker's tooltip. */
  linkJoined: string | undefined;
  /** The consistency checks this span offends (marked, with them as the tooltip). */
  violations?: string[] | undefined;
  logs: LogRecord[] | undefined;
  /** Exact critical-path parts of this span; without them a critical span is marked whole. */
  criticalSections: { startMs: number; endMs: number }[] | undefined;
  traceStartMs: number;
  bounds: (startMs: number, endMs: number) => ViewedBounds;
  onSelect: (position: number) => void;
  onToggle: (position: number) => void;
}

/** One span: name column (indent, fold toggle, service colour) and its bar on the timeline. */
export const WaterfallRow = memo(function WaterfallRow(props: RowProps) {
  const { span, depth, color, bounds } = props;
  const bar = clipForDrawing(bounds(span.startOffsetMs, span.startOffsetMs + span.durationMs));
  const indent = Math.min(depth, MAX_INDENT_LEVELS) * INDENT_PX;
  const labelOnLeft = bar.left + bar.width > 0.8;
  const problem = span.timeout ? 'timeout' : span.status === 'error' ? 'error' : null;
  const critical = props.criticalPath && span.onCriticalPath;
  return (
    // Keys are handled by the tree container (aria-activedescendant), so rows need not take focus.
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    <div
      id={`span-${props.position}`}
      tabIndex={-1}
      className={`wf-row${props.selected ? ' selected' : ''}${problem ? ` has-${problem}` : ''}${props.linkJoined ? ' link-joined' : ''}${props.violations ? ' has-violation' : ''}`}
      style={{ transform: `translateY(${props.top}px)` }}
      role="treeitem"
      aria-level={depth + 1}
      aria-selected={props.selected}
      aria-expanded={props.hasChildren ? !props.collapsed : undefined}
      data-span-id={span.spanId}
      onClick={() => props.onSelect(props.position)}
    >
      <div className="wf-name" style={{ paddingLeft: indent }}>
        {props.hasChildren ? (
          <button
            type="button"
            className="wf-toggle"
            tabIndex={-1}
            aria-label={props.collapsed ? `Expand ${span.name}` : `Collapse ${span.name}`}
            onClick={(e) => {
              e.stopPropagation();
              props.onToggle(props.position);
            }}
          >
            {props.collapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span className="wf-toggle-spacer" />
        )}
        {depth > MAX_INDENT_LEVELS && <span className="wf-depth">{depth}</span>}
        <span className="wf-svc-chip" style={{ background: color }} />
        <span className="wf-svc">{span.service}</span>
        <span className="wf-op">{span.name}</span>
        {props.showTraceId && <span className="wf-trace-id mono">{span.traceId.slice(0, 8)}</span>}
        {props.linkJoined && (
          <span
            className="wf-mark mark-link"
            title={props.linkJoined}
            role="img"
            aria-label="joined by span link"
          >
            ⤷
          </span>
        )}
        {props.violations && (
          <span
            className="wf-mark mark-violation"
            title={`violates ${props.violations.join(', ')}`}
            role="img"
            aria-label={`violates ${props.violations.join(', ')}`}
            data-testid="violation-mark"
          >
            ⚑
          </span>
        )}
        {problem === 'error' && (
          <span
            className="wf-mark mark-error"
            title={span.statusMessage || 'error'}
            role="img"
            aria-label="error"
          >
            !
          </span>
        )}
        {problem === 'timeout' && (
          <span className="wf-mark mark-timeout" title="timeout" role="img" aria-label="timeout">
            <svg viewBox="0 0 16 16" width="11" height="11" aria-hidden="true">
              <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
              <path
                d="M8 4v4.5l3 1.8"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.8"
                strokeLinecap="round"
              />
            </svg>
          </span>
        )}
      </div>
      <div className="wf-timeline">
        <div
          className={`wf-bar${critical && !props.criticalSections ? ' critical' : ''}${problem ? ` bar-${problem}` : ''}`}
          style={{ left: `${bar.left * 100}%`, width: `${bar.width * 100}%`, background: color }}
          data-critical={critical || undefined}
        />
        {critical &&
          props.criticalSections?.map((part) => {
            const cut = clipForDrawing(bounds(part.startMs, part.endMs), 0.001);
            return (
              <span
                key={part.startMs}
                className="wf-critical"
                style={{ left: `${cut.left * 100}%`, width: `${cut.width * 100}%` }}
                title="On the critical path"
              />
            );
          })}
        <span
          className="wf-bar-label"
          style={
            labelOnLeft ? { right: `${(1 - bar.left) * 100}%` } : { left: `${(bar.left + bar.width) * 100}%` }
          }
        >
          {formatMs(span.durationMs)}
        </span>
        {span.events.map((event, i) => {
          const offset = eventOffsetMs(event, props.traceStartMs);
          if (offset === null) return null;
          const at = bounds(offset, offset).start;
          if (at < 0 || at > 1) return null;
          return (
            <span
              // biome-ignore lint/suspicious/noArrayIndexKey: events have no id
              key={`e${i}`}
              className={`wf-event${isExceptionEvent(event) ? ' exception' : ''}`}
              style={{ left: `${at * 100}%` }}
              title={event.name}
            />
          );
        })}
        {props.logs?.map((log, i) => {
          const at = bounds(log.offsetMs, log.offsetMs).start;
          if (at < 0 || at > 1) return null;
          return (
            <span
              // biome-ignore lint/suspicious/noArrayIndexKey: logs have no id
              key={`l${i}`}
              className={`wf-log sev-${log.severity.toLowerCase()}`}
              style={{ left: `${at * 100}%` }}
              title={`${log.severity}: ${log.body}`}
            />
          );
        })}
      </div>
    </div>
  );
});
