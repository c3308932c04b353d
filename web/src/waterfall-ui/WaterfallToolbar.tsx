import { useEffect, useState } from 'react';
import { formatCount } from '../format/number.ts';
import type { WaterfallModel } from '../waterfall/model.ts';
import type { WaterfallUrlState } from '../waterfall/urlState.ts';
import { FULL_WINDOW, isFullWindow, zoomAround } from '../waterfall/zoom.ts';

interface Props {
  state: WaterfallUrlState;
  update: (patch: Partial<WaterfallUrlState>) => void;
  model: WaterfallModel;
  shownRows: number;
  rootName: string | null;
  selected: number;
  onFold: (fold: number | null) => void;
}

/** Filter, folding, zoom and re-root controls, and the service colour legend. */
export function WaterfallToolbar({ state, update, model, shownRows, rootName, onFold }: Props) {
  const [draft, setDraft] = useState(state.filter);
  useEffect(() => setDraft(state.filter), [state.filter]);
  useEffect(() => {
    if (draft === state.filter) return;
    // Debounced: filtering 100,000 spans on every keystroke would stutter.
    const timer = setTimeout(() => update({ filter: draft }), 200);
    return () => clearTimeout(timer);
  }, [draft, state.filter, update]);

  return (
    <div className="wf-toolbar">
      <div className="wf-controls">
        <label>
          <span className="visually-hidden">Filter spans</span>
          <input
            type="search"
            aria-label="Filter spans"
            placeholder="Filter: service, operation, attribute…"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={state.errorsOnly}
            onChange={(e) => update({ errorsOnly: e.target.checked })}
          />{' '}
          Errors only
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={state.criticalPath}
            onChange={(e) => update({ criticalPath: e.target.checked })}
          />{' '}
          Critical path
        </label>
        <fieldset className="button-group">
          <legend className="visually-hidden">Fold</legend>
          <button type="button" onClick={() => onFold(null)}>
            Expand all
          </button>
          <button type="button" onClick={() => onFold(1)}>
            Collapse all
          </button>
          <button type="button" onClick={() => onFold(3)} title="Show three levels">
            3 levels
          </button>
        </fieldset>
        <fieldset className="button-group">
          <legend className="visually-hidden">Zoom</legend>
          <button
            type="button"
            aria-label="Zoom in"
            onClick={() => update({ zoom: zoomAround(state.zoom, 0.5, 0.5) })}
          >
            +
          </button>
          <button
            type="button"
            aria-label="Zoom out"
            onClick={() => update({ zoom: zoomAround(state.zoom, 0.5, 2) })}
          >
            −
          </button>
          <button
            type="button"
            disabled={isFullWindow(state.zoom)}
            onClick={() => update({ zoom: FULL_WINDOW })}
          >
            Reset zoom
          </button>
        </fieldset>
        <span className="wf-count" data-testid="row-count">
          {formatCount(shownRows)} of {formatCount(model.spans.length)} spans
        </span>
      </div>
      {rootName && (
        <div className="callout">
          Showing the subtree of <b>{rootName}</b>.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => update({ root: null, zoom: FULL_WINDOW })}
          >
            Show the whole trace
          </button>
        </div>
      )}
      <ul className="legend" aria-label="Services">
        {model.services.map((s) => (
          <li key={s}>
            <span className="wf-svc-chip" style={{ background: model.colors.get(s) }} /> {s}
          </li>
        ))}
      </ul>
    </div>
  );
}
