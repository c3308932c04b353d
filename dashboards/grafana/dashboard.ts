/**
 * A Grafana dashboard (JSON model) over paylens' tables, for the Grafana ClickHouse data source.
 * Generated from the payment-link definition: `generate.ts` writes it; a test runs every panel.
 */
import type { LinkDefinition } from '../../server/src/link/definition.ts';
import {
  ALL_CHANNELS,
  funnelSql,
  linkRowsFilter,
  slowestTracesSql,
  stepLatencySql,
  stepP99SeriesSql,
  timeoutHotspotsSql,
  topFailuresSql,
} from './panel-sql.ts';

export const DATASOURCE = { type: 'grafana-clickhouse-datasource', uid: `\${datasource}` } as const;
export const DEFAULT_PAYLENS_URL = 'http://127.0.0.1:8080';

export interface GrafanaTarget {
  refId: string;
  datasource: typeof DATASOURCE;
  editorType: 'sql';
  queryType: 'table' | 'timeSeries';
  /** The plugin's format: 0 time series, 1 table. */
  format: 0 | 1;
  rawSql: string;
}

export interface GrafanaPanel {
  id: number;
  type: 'table' | 'timeseries';
  title: string;
  description: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource: typeof DATASOURCE;
  targets: GrafanaTarget[];
  fieldConfig: { defaults: Record<string, unknown>; overrides: unknown[] };
  options: Record<string, unknown>;
}

function target(rawSql: string, kind: 'table' | 'timeSeries' = 'table'): GrafanaTarget {
  return {
    refId: 'A',
    datasource: DATASOURCE,
    editorType: 'sql',
    queryType: kind,
    format: kind === 'table' ? 1 : 0,
    rawSql,
  };
}

function override(field: string, properties: { id: string; value: unknown }[]) {
  return { matcher: { id: 'byName', options: field }, properties };
}

const ms = (field: string) =>
  override(field, [
    { id: 'unit', value: 'ms' },
    { id: 'decimals', value: 1 },
  ]);
const percent = (field: string) =>
  override(field, [
    { id: 'unit', value: 'percentunit' },
    { id: 'decimals', value: 1 },
    { id: 'custom.cellOptions', value: { type: 'gauge', mode: 'basic' } },
    { id: 'min', value: 0 },
    { id: 'max', value: 1 },
  ]);
const dataLink = (field: string, title: string, path: string) =>
  override(field, [
    { id: 'links', value: [{ title, url: `\${paylens_url}${path}\${__value.raw}`, targetBlank: true }] },
  ]);

function table(
  id: number,
  title: string,
  description: string,
  gridPos: GrafanaPanel['gridPos'],
  rawSql: string,
  overrides: unknown[],
): GrafanaPanel {
  return {
    id,
    type: 'table',
    title,
    description,
    gridPos,
    datasource: DATASOURCE,
    targets: [target(rawSql)],
    fieldConfig: { defaults: {}, overrides },
    options: { showHeader: true, cellHeight: 'sm' },
  };
}

const MS_COLUMNS = ['p50_ms', 'p90_ms', 'p95_ms', 'p99_ms', 'p999_ms', 'max_ms', 'budget_ms'];

export function panels(link: Pick<LinkDefinition, 'steps' | 'dimensions' | 'journeyKey'>): GrafanaPanel[] {
  return [
    table(
      1,
      'Step latency',
      'Per step of the payment link: calls, errors, timeouts and nearest-rank percentiles (the same numbers as paylens). Budget = the step timeoutMs.',
      { x: 0, y: 0, w: 24, h: 9 },
      stepLatencySql(link),
      [...MS_COLUMNS.map(ms), percent('timeout_rate')],
    ),
    {
      id: 2,
      type: 'timeseries',
      title: 'Step p99 over time',
      description: 'Nearest-rank p99 of each step per interval.',
      gridPos: { x: 0, y: 9, w: 24, h: 8 },
      datasource: DATASOURCE,
      targets: [target(stepP99SeriesSql(link), 'timeSeries')],
      fieldConfig: { defaults: { unit: 'ms', custom: { lineWidth: 1, fillOpacity: 0 } }, overrides: [] },
      options: {
        legend: { displayMode: 'table', placement: 'right', calcs: ['max', 'mean'] },
        tooltip: { mode: 'multi' },
      },
    },
    table(
      3,
      'Timeout hotspots',
      'Where timeouts cluster: step × service × downstream peer (peer.service, else server.address) × channel, with the observed p99 beside the budget.',
      { x: 0, y: 17, w: 12, h: 9 },
      timeoutHotspotsSql(link),
      [ms('p99_ms'), ms('budget_ms'), percent('timeout_rate')],
    ),
    table(
      4,
      'Funnel',
      'Journeys that started in the range (the paylens journey store) per step: entered, succeeded, failed, dropped (succeeded at the previous step, never entered this one) and conversion.',
      { x: 12, y: 17, w: 12, h: 9 },
      funnelSql(link),
      [percent('conversion_from_start'), percent('conversion_from_previous')],
    ),
    table(
      5,
      'Top failure reasons',
      'The most frequent error and timeout messages per step, over the journeys that started in the range: failing spans (retries included) and journeys.',
      { x: 0, y: 26, w: 12, h: 9 },
      topFailuresSql(link),
      [],
    ),
    table(
      6,
      'Slowest traces',
      'Traces that started in the range, slowest first. The trace id opens the waterfall in paylens; the journey opens all its traces.',
      { x: 12, y: 26, w: 12, h: 9 },
      slowestTracesSql(link),
      [
        dataLink('trace_id', 'Waterfall in paylens', '/traces/'),
        dataLink('journey', 'Journey in paylens', '/journeys/'),
        ms('duration_ms'),
      ],
    ),
  ];
}

export function buildDashboard(link: Pick<LinkDefinition, 'name' | 'steps' | 'dimensions' | 'journeyKey'>) {
  return {
    title: `paylens · ${link.name}`,
    uid: `paylens-${link.name}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40),
    description: 'Payment-link latency, timeouts and funnel from the tables paylens keeps in ClickHouse.',
    tags: ['paylens', 'payments', 'opentelemetry'],
    editable: true,
    schemaVersion: 39,
    timezone: 'browser',
    time: { from: 'now-1h', to: 'now' },
    refresh: '30s',
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'ClickHouse',
          type: 'datasource',
          query: 'grafana-clickhouse-datasource',
          current: {},
          hide: 0,
        },
        {
          name: 'channel',
          label: 'Channel',
          type: 'query',
          datasource: DATASOURCE,
          query: `SELECT DISTINCT Channel FROM paylens_link_spans WHERE ${linkRowsFilter(link)} AND $__timeFilter(Timestamp) AND Channel != '' ORDER BY Channel`,
          definition: 'payment channels seen in the range',
          refresh: 2,
          includeAll: true,
          multi: true,
          allValue: ALL_CHANNELS,
          current: { text: ['All'], value: ['$__all'] },
          hide: 0,
        },
        {
          name: 'paylens_url',
          label: 'paylens URL',
          type: 'textbox',
          query: DEFAULT_PAYLENS_URL,
          current: { text: DEFAULT_PAYLENS_URL, value: DEFAULT_PAYLENS_URL },
          hide: 0,
        },
      ],
    },
    panels: panels(link),
  };
}
