-- Link spans: one narrow row per span classified as a payment-link step, with its outcome and the
-- values analytics group by. Filled at insert by paylens_link_spans_mv, whose classification comes
-- from the payment-link definition (created by the server, see server/src/analytics/link-spans-view.ts).
-- Reading ~40 bytes a span instead of a whole otel_traces row is what keeps 24 h of steps, series,
-- hotspots and funnels interactive.
CREATE TABLE IF NOT EXISTS paylens_link_spans {{ON_CLUSTER}} (
    Timestamp DateTime64(9) CODEC(Delta, ZSTD(1)),
    Step LowCardinality(String) CODEC(ZSTD(1)),
    Duration UInt64 CODEC(ZSTD(1)),
    Error UInt8 CODEC(ZSTD(1)),
    Timeout UInt8 CODEC(ZSTD(1)),
    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
    SpanName LowCardinality(String) CODEC(ZSTD(1)),
    Peer LowCardinality(String) CODEC(ZSTD(1)),
    Channel LowCardinality(String) CODEC(ZSTD(1)),
    Dims Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    SpanKey String CODEC(ZSTD(1)),
    TraceId String CODEC(ZSTD(1)),
    SpanHash UInt64 CODEC(ZSTD(1)),
    ParentHash UInt64 CODEC(ZSTD(1)),
    Message String CODEC(ZSTD(1))
) ENGINE = {{MERGE_TREE}}
PARTITION BY toDate(Timestamp)
ORDER BY (Step, Timestamp)
{{TTL:toDateTime(Timestamp)}}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

-- Which link definition the view classifies with, and from when its rows are complete.
CREATE TABLE IF NOT EXISTS paylens_link_spans_state {{ON_CLUSTER}} (
    Version String,
    CoveredFromNs Int64,
    UpdatedAt DateTime64(3) DEFAULT now64(3)
) ENGINE = {{REPLACING_MERGE_TREE:UpdatedAt}}
ORDER BY Version;
