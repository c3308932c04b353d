import { z } from 'zod';
import { count, epochMs } from './common.ts';

export const traceSummarySchema = z.object({
  errorCount: z.number().optional(),
  traceId: z.string(),
  startTime: epochMs,
  durationMs: z.number(),
  rootService: z.string().nullable(),
  rootName: z.string().nullable(),
  status: z.string(),
  spanCount: count,
  steps: z.array(z.string()).default([]),
});

export const tracesResponseSchema = z.object({ traces: z.array(traceSummarySchema) });

const attributes = z.record(z.string(), z.unknown()).default({});

export const spanEventSchema = z.object({
  name: z.string(),
  offsetMs: z.number().optional(),
  timestamp: epochMs.optional(),
  attributes,
});

export const spanSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z
    .string()
    .nullable()
    .transform((v) => v ?? ''),
  service: z.string(),
  name: z.string(),
  kind: z.string(),
  startOffsetMs: z.number(),
  durationMs: z.number(),
  selfMs: z.number(),
  depth: z.number().int(),
  step: z.string().nullable(),
  status: z.enum(['ok', 'error', 'unset']),
  timeout: z.boolean(),
  statusMessage: z.string().nullable().default(''),
  onCriticalPath: z.boolean(),
  /** The span's percentile within its step, 0–100, when the API computed it. */
  percentile: z.number().nullish(),
  attributes,
  /** Resource attributes, when the API keeps them apart from the span's own. */
  resource: z.record(z.string(), z.unknown()).optional(),
  events: z.array(spanEventSchema).default([]),
});

export const logSchema = z.object({
  timestamp: epochMs,
  offsetMs: z.number(),
  severity: z.string(),
  body: z.string(),
  traceId: z.string().nullable().default(''),
  spanId: z.string().nullable().default(''),
  service: z.string().nullable().default(''),
  attributes,
});

/**
 * How a trace joined a journey: by its own key, through an OTLP span link (a message consumer;
 * `linkedFrom` is the trace it links to), or as the journey's only, key-less trace.
 */
export const journeyTraceSchema = z.object({
  traceId: z.string(),
  via: z.enum(['key', 'link', 'trace']),
  linkedFrom: z.string().nullish(),
});

/** A trace or a journey; everything but the span list, which is validated in chunks (see parseTraceView). */
export const traceViewHeadSchema = z.object({
  traceId: z.string().optional(),
  key: z.string().optional(),
  startTime: epochMs,
  durationMs: z.number(),
  logs: z.array(logSchema).default([]),
  /** Paging of huge traces: how many spans exist, and which slice (depth-first rows) this is. */
  totalSpans: z.number().optional(),
  offset: z.number().optional(),
  limit: z.number().optional(),
  truncated: z.boolean().optional(),
  logsTruncated: z.boolean().optional(),
  /** The exact critical-path sections (Jaeger's walk), when the API sends them. */
  criticalPath: z
    .array(
      z.object({
        traceId: z.string(),
        spanId: z.string(),
        startOffsetMs: z.number(),
        endOffsetMs: z.number(),
      }),
    )
    .optional(),
  traceIds: z.array(z.string()).optional(),
  /** A journey's traces and how each joined it; absent from servers before the journey model. */
  traces: z.array(journeyTraceSchema).optional(),
  /** A journey's consistency-check violations, with the offending spans to mark. */
  violations: z.array(z.object({ check: z.string(), spanIds: z.array(z.string()) })).optional(),
});

export type TraceSummary = z.output<typeof traceSummarySchema>;
export type TracesResponse = z.output<typeof tracesResponseSchema>;
export type Span = z.output<typeof spanSchema>;
export type SpanEvent = z.output<typeof spanEventSchema>;
export type LogRecord = z.output<typeof logSchema>;
export type JourneyTrace = z.output<typeof journeyTraceSchema>;
export type TraceView = z.output<typeof traceViewHeadSchema> & { spans: Span[] };
