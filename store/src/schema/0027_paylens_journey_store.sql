-- The journey store (server/src/journeys/): what joins traces into the journeys of a payment, and
-- the journeys themselves, one row each, so the funnel, stuck payments, conversion alerts and the
-- journey view read journeys instead of assembling them from spans on every request.

-- Span links (OTLP `Links`): a message consumer's trace linked to its producer's. Only spans that
-- carry links write a row, so the table stays small; it is read both ways (who links to a trace,
-- what a trace links to).
CREATE TABLE IF NOT EXISTS paylens_trace_links {{ON_CLUSTER}} (
    LinkedTraceId String CODEC(ZSTD(1)),
    TraceId String CODEC(ZSTD(1)),
    Start DateTime64(9) CODEC(Delta, ZSTD(1)),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1
) ENGINE = {{MERGE_TREE}}
PARTITION BY toDate(Start)
ORDER BY (LinkedTraceId, TraceId)
{{TTL:toDateTime(Start)}}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS paylens_trace_links_mv {{ON_CLUSTER}}
TO paylens_trace_links
AS SELECT linked AS LinkedTraceId, TraceId, Timestamp AS Start
FROM otel_traces
ARRAY JOIN `Links.TraceId` AS linked
WHERE linked != '' AND linked != TraceId;

-- A trace's journey key found on a log record correlated to it (the view is created with the
-- link's key attributes, store/src/derived-views.ts).
CREATE TABLE IF NOT EXISTS paylens_trace_log_keys {{ON_CLUSTER}} (
    TraceId String CODEC(ZSTD(1)),
    JourneyKey SimpleAggregateFunction(max, String) CODEC(ZSTD(1)),
    Start SimpleAggregateFunction(min, DateTime64(9))
) ENGINE = {{AGGREGATING_MERGE_TREE}}
PARTITION BY toDate(Start)
ORDER BY TraceId
{{TTL:toDateTime(Start)}}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

-- Every trace touched by an insert (spans or keyed logs), in arrival order: the journey builder's
-- work queue. Chained on the trace summary's insert blocks (a row per trace and block). Start
-- lets the builder take the traces of one insert in time order, so a batch reads a short range.
CREATE TABLE IF NOT EXISTS paylens_trace_arrivals {{ON_CLUSTER}} (
    ArrivedAt DateTime64(6) CODEC(Delta, ZSTD(1)),
    TraceId String CODEC(ZSTD(1)),
    Start DateTime64(9) CODEC(ZSTD(1))
) ENGINE = {{MERGE_TREE}}
PARTITION BY toDate(ArrivedAt)
ORDER BY ArrivedAt
{{TTL:toDateTime(ArrivedAt)}}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS paylens_trace_arrivals_mv {{ON_CLUSTER}}
TO paylens_trace_arrivals
AS SELECT now64(6) AS ArrivedAt, TraceId, Start FROM paylens_trace_summary;

CREATE MATERIALIZED VIEW IF NOT EXISTS paylens_trace_log_arrivals_mv {{ON_CLUSTER}}
TO paylens_trace_arrivals
AS SELECT now64(6) AS ArrivedAt, TraceId, Start FROM paylens_trace_log_keys;

-- Which journey each trace belongs to (its own key, a linked trace's, or itself), as the builder
-- last resolved it; the latest Version wins.
CREATE TABLE IF NOT EXISTS paylens_trace_journeys {{ON_CLUSTER}} (
    LinkVersion LowCardinality(String),
    TraceId String CODEC(ZSTD(1)),
    Journey String CODEC(ZSTD(1)),
    Via LowCardinality(String),
    LinkedTo String CODEC(ZSTD(1)),
    Version UInt64
) ENGINE = {{REPLACING_MERGE_TREE:Version}}
ORDER BY (LinkVersion, TraceId)
SETTINGS index_granularity = 8192;

-- One row per journey and link version: per step (arrays in link order) what the funnel, stuck
-- payments, checks and alerts need. Rebuilt whole from its spans whenever one of its traces
-- changes; readers use FINAL (the latest Version wins, Deleted rows drop out).
CREATE TABLE IF NOT EXISTS paylens_journeys {{ON_CLUSTER}} (
    LinkVersion LowCardinality(String),
    JourneyHash UInt64,
    Journey String CODEC(ZSTD(1)),
    Version UInt64,
    Deleted UInt8,
    Start DateTime64(9) CODEC(ZSTD(1)),
    End DateTime64(9) CODEC(ZSTD(1)),
    Entered UInt64,
    Succeeded UInt64,
    Attempts Array(UInt32) CODEC(ZSTD(1)),
    FirstStart Array(Int64) CODEC(ZSTD(1)),
    FirstOkEnd Array(Int64) CODEC(ZSTD(1)),
    LastFailure Array(String) CODEC(ZSTD(1)),
    Failures Array(Tuple(UInt8, String)) CODEC(ZSTD(1)),
    Dims Array(String) CODEC(ZSTD(1)),
    LastStep LowCardinality(String),
    LastSpanAt Int64 CODEC(ZSTD(1)),
    Traces Array(String) CODEC(ZSTD(1))
) ENGINE = {{REPLACING_MERGE_TREE:Version, Deleted}}
PARTITION BY toDate(Start)
ORDER BY (LinkVersion, JourneyHash)
{{TTL:toDateTime(Start)}}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

-- How far the builder got per link version: every arrival up to Watermark is in the store, and
-- the store holds the link spans from CoveredFromNs on.
CREATE TABLE IF NOT EXISTS paylens_journey_builds {{ON_CLUSTER}} (
    LinkVersion String,
    Watermark DateTime64(6),
    UpdatedAt DateTime64(3) DEFAULT now64(3)
) ENGINE = {{REPLACING_MERGE_TREE:UpdatedAt}}
ORDER BY LinkVersion;

