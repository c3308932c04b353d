import { FULL_WINDOW, formatWindow, isFullWindow, parseWindow, type ZoomWindow } from './zoom.ts';

/** The waterfall's view in the URL, so a pasted link reopens the same span, zoom, filter and folds. */
export interface WaterfallUrlState {
  /** Selected span id. */
  span: string | null;
  zoom: ZoomWindow;
  /** Collapse every span at this depth or deeper ("collapse all" = 1); null = all open. */
  fold: number | null;
  /** Span ids toggled against the fold (collapsed when open, opened when folded). */
  collapsed: string[];
  filter: string;
  errorsOnly: boolean;
  /** Span id the view is re-rooted at. */
  root: string | null;
  /** Highlight the critical path (on unless `cp=0`). */
  criticalPath: boolean;
}

export function readWaterfallState(params: URLSearchParams): WaterfallUrlState {
  const collapsed = params.get('collapsed');
  const fold = Number(params.get('fold'));
  return {
    fold: params.get('fold') !== null && Number.isInteger(fold) && fold >= 0 ? fold : null,
    span: params.get('span') || null,
    zoom: parseWindow(params.get('zoom')),
    collapsed: collapsed ? collapsed.split(',').filter(Boolean) : [],
    filter: params.get('q') ?? '',
    errorsOnly: params.get('errors') === '1',
    root: params.get('root') || null,
    criticalPath: params.get('cp') !== '0',
  };
}

export function writeWaterfallState(params: URLSearchParams, state: WaterfallUrlState): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (name: string, value: string | null) => {
    if (value) next.set(name, value);
    else next.delete(name);
  };
  set('span', state.span);
  set('zoom', isFullWindow(state.zoom) ? null : formatWindow(state.zoom));
  set('fold', state.fold === null ? null : String(state.fold));
  set('collapsed', state.collapsed.length ? state.collapsed.join(',') : null);
  set('q', state.filter || null);
  set('errors', state.errorsOnly ? '1' : null);
  set('root', state.root);
  set('cp', state.criticalPath ? null : '0');
  return next;
}

export const INITIAL_WATERFALL_STATE: WaterfallUrlState = {
  span: null,
  zoom: FULL_WINDOW,
  fold: null,
  collapsed: [],
  filter: '',
  errorsOnly: false,
  root: null,
  criticalPath: true,
};
