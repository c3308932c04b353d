import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { navigate } from '../waterfall/keyboard.ts';
import { spanMatcher, viewExtent, type WaterfallModel } from '../waterfall/model.ts';
import { PendingState } from '../waterfall/pendingState.ts';
import { collapsedPositions, filterKeep, generateRows, rowIndexOf } from '../waterfall/rowStates.ts';
import { hasChildren } from '../waterfall/spanTree.ts';
import { computeTicks } from '../waterfall/ticks.ts';
import type { WaterfallUrlState } from '../waterfall/urlState.ts';
import { createViewedBoundsFunc } from '../waterfall/viewBounds.ts';
import { scrollToReveal, visibleWindow } from '../waterfall/virtualWindow.ts';
import { FULL_WINDOW, panBy, windowForSpan, zoomAround, zoomToSelection } from '../waterfall/zoom.ts';
import { SpanDetails } from './SpanDetails.tsx';
import { TimeAxis } from './TimeAxis.tsx';
import { ROW_HEIGHT, WaterfallRow } from './WaterfallRow.tsx';
import { WaterfallToolbar } from './WaterfallToolbar.tsx';

export interface WaterfallProps {
  model: WaterfallModel;
  state: WaterfallUrlState;
  onChange: (state: WaterfallUrlState) => void;
}

/**
 * The trace (or journey) waterfall. All geometry comes from the pure modules in ../waterfall; this
 * component only wires state, scrolling and keys to them and renders the visible slice of rows.
 */
export function Waterfall({ model, state, onChange }: WaterfallProps) {
  const { tree, spans } = model;
  // Patches and keys build on the latest state asked for, not the last render's props: two quick
  // changes must not undo each other, nor a re-render that still carries the old URL.
  const pendingRef = useRef<PendingState<WaterfallUrlState> | null>(null);
  pendingRef.current ??= new PendingState(state);
  const pending = pendingRef.current;
  pending.rendered(state);
  const update = useCallback(
    (patch: Partial<WaterfallUrlState>) => onChange(pending.change(patch)),
    [onChange, pending],
  );

  const positionOfId = useCallback(
    (spanId: string | null) => {
      if (!spanId) return -1;
      const index = model.indexBySpanId.get(spanId);
      return index === undefined ? -1 : tree.positionOf[index]!;
    },
    [model, tree],
  );
  const idAt = (position: number) => spans[tree.order[position]!]!.spanId;

  const rootPosition = positionOfId(state.root);
  const root = rootPosition >= 0 ? rootPosition : null;
  const collapsedKey = state.collapsed.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: collapsedKey stands for state.collapsed
  const collapsed = useMemo(
    () =>
      collapsedPositions(
        tree,
        state.fold,
        state.collapsed.map(positionOfId).filter((p) => p >= 0),
      ),
    [tree, state.fold, collapsedKey, positionOfId],
  );
  const keep = useMemo(() => {
    const matcher = spanMatcher(spans, state.filter, state.errorsOnly);
    return matcher ? filterKeep(tree, matcher) : null;
  }, [spans, tree, state.filter, state.errorsOnly]);
  const rows = useMemo(
    () => generateRows(tree, { collapsed, rootPosition: root, keep }),
    [tree, collapsed, root, keep],
  );
  const selected = positionOfId(state.span);

  const extent = useMemo(() => viewExtent(model, root), [model, root]);
  const bounds = useMemo(
    () => createViewedBoundsFunc({ ...extent, viewStart: state.zoom.start, viewEnd: state.zoom.end }),
    [extent, state.zoom.start, state.zoom.end],
  );
  const width = extent.maxMs - extent.minMs;
  const ticks = useMemo(
    () => computeTicks(extent.minMs + state.zoom.start * width, extent.minMs + state.zoom.end * width, 6),
    [extent.minMs, width, state.zoom.start, state.zoom.end],
  );

  // Scrolling: fixed-height rows, only the visible slice is rendered.
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(600);
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewportHeight(el.clientHeight));
    observer.observe(el);
    setViewportHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);
  const win = visibleWindow({ scrollTop, viewportHeight, rowHeight: ROW_HEIGHT, rowCount: rows.count });

  // Keep the selected row in view (after keyboard moves, deep links, filter changes).
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || selected < 0) return;
    const row = rowIndexOf(rows, selected);
    if (row < 0) return;
    const next = scrollToReveal(row, el.scrollTop, el.clientHeight, ROW_HEIGHT);
    if (next !== el.scrollTop) el.scrollTop = next;
  }, [selected, rows]);

  const select = useCallback(
    (position: number) => update({ span: spans[tree.order[position]!]!.spanId }),
    [update, spans, tree],
  );
  const toggle = useCallback(
    (position: number) => {
      const id = spans[tree.order[position]!]!.spanId;
      const list = pending.latest.collapsed;
      update({ collapsed: list.includes(id) ? list.filter((x) => x !== id) : [...list, id] });
    },
    [update, spans, tree, pending],
  );
  const [detailsHidden, setDetailsHidden] = useState(false);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const zoom = pending.latest.zoom;
    const zoomKeys: Record<string, () => void> = {
      '+': () => update({ zoom: zoomAround(zoom, 0.5, 0.5) }),
      '=': () => update({ zoom: zoomAround(zoom, 0.5, 0.5) }),
      '-': () => update({ zoom: zoomAround(zoom, 0.5, 2) }),
      '0': () => update({ zoom: FULL_WINDOW }),
      '[': () => update({ zoom: panBy(zoom, -0.25) }),
      ']': () => update({ zoom: panBy(zoom, 0.25) }),
    };
    if (zoomKeys[e.key]) {
      e.preventDefault();
      zoomKeys[e.key]!();
      return;
    }
    const action = navigate(e.key, {
      tree,
      rows,
      collapsed,
      // Keys can arrive faster than the URL round-trip re-renders: move from the latest selection.
      selected: positionOfId(pending.latest.span),
      pageSize: Math.max(1, Math.floor(viewportHeight / ROW_HEIGHT) - 1),
    });
    if (!action) return;
    e.preventDefault();
    if (action.type === 'select') select(action.position);
    else if (action.type === 'collapse' || action.type === 'expand') toggle(action.position);
    else if (action.type === 'toggleDetails') setDetailsHidden((h) => !h);
    else if (action.type === 'clear') update({ span: null });
  };

  const multiTrace = model.traceIds.length > 1;
  const selectedSpan = selected >= 0 ? spans[tree.order[selected]!] : undefined;
  const gridlines = ticks.filter((t) => t.fraction > 0 && t.fraction < 1);

  return (
    <div className={`waterfall${selectedSpan && !detailsHidden ? ' with-details' : ''}`}>
      <div className="wf-main">
        <WaterfallToolbar
          state={state}
          update={update}
          model={model}
          shownRows={rows.count}
          rootName={root !== null ? spans[tree.order[root]!]!.name : null}
          selected={selected}
          onFold={(fold) => update({ fold, collapsed: [] })}
        />
        <div className="wf-header">
          <div className="wf-name-head">Service · operation</div>
          <TimeAxis
            ticks={ticks}
            onZoom={(a, b) => update({ zoom: zoomToSelection(pending.latest.zoom, a, b) })}
          />
        </div>
        <div
          ref={scrollRef}
          className="wf-scroll"
          tabIndex={0}
          role="tree"
          aria-label="Spans (arrow keys move, left/right fold, +/- zoom, 0 resets zoom)"
          aria-activedescendant={
            selected >= 0 && rowIndexOf(rows, selected) >= 0 ? `span-${selected}` : undefined
          }
          onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
          // Short traces get a short box; long ones scroll inside a screenful.
          style={{ height: `min(${win.totalHeight + 2}px, max(420px, 100vh - 360px))` }}
          onKeyDown={onKeyDown}
          data-testid="waterfall-rows"
        >
          <div className="wf-canvas" style={{ height: win.totalHeight }}>
            <div className="wf-gridlines" aria-hidden="true">
              {gridlines.map((t) => (
                <span key={t.offsetMs} style={{ left: `${t.fraction * 100}%` }} />
              ))}
            </div>
            {Array.from({ length: win.end - win.start }, (_, i) => {
              const row = win.start + i;
              const position = rows.positions[row]!;
              const index = tree.order[position]!;
              const span = spans[index]!;
              return (
                <WaterfallRow
                  key={position}
                  span={span}
                  position={position}
                  depth={rows.depths[row]!}
                  top={row * ROW_HEIGHT}
                  color={model.colors.get(span.service) ?? 'var(--muted)'}
                  hasChildren={hasChildren(tree, position)}
                  collapsed={collapsed.has(position)}
                  selected={position === selected}
                  criticalPath={state.criticalPath}
                  showTraceId={multiTrace && tree.depth[position] === 0}
                  linkJoined={model.linkJoined.get(span.traceId)}
                  violations={model.violations.get(span.spanId)}
                  logs={model.logsBySpan.get(index)}
                  criticalSections={model.criticalSections.get(index)}
                  traceStartMs={model.traceStartMs}
                  bounds={bounds}
                  onSelect={select}
                  onToggle={toggle}
                />
              );
            })}
          </div>
          {rows.count === 0 && <div className="empty-state">No spans match this filter.</div>}
        </div>
      </div>
      {selectedSpan && !detailsHidden && (
        <SpanDetails
          span={selectedSpan}
          logs={model.logsBySpan.get(tree.order[selected]!) ?? []}
          color={model.colors.get(selectedSpan.service) ?? 'var(--muted)'}
          traceStartMs={model.traceStartMs}
          isRoot={root === selected}
          onClose={() => update({ span: null })}
          onZoom={() =>
            update({
              zoom: windowForSpan(selectedSpan.startOffsetMs - extent.minMs, selectedSpan.durationMs, width),
            })
          }
          onReroot={() => update({ root: root === selected ? null : idAt(selected), zoom: FULL_WINDOW })}
        />
      )}
    </div>
  );
}
