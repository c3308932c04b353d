-- Several payment links (DESIGN.md "Several links"): one materialized view classifies every span
-- for all links at once and writes a row per (span, link) it is a step of, with the link's
-- classification version in `Link`. Readers take their link's version; a link whose rules change
-- gets rows of a new version while the other links' rows and coverage stay. Rows classified before
-- this version have no link version: the tables are made anew (readers classify older ranges from
-- otel_traces, as after any change of rules). The server creates paylens_link_spans_mv.
DROP VIEW IF EXISTS paylens_link_spans_mv {{ON_CLUSTER}};
DROP VIEW IF EXISTS paylens_step_minutes_mv {{ON_CLUSTER}};
DROP TABLE IF EXISTS paylens_step_minutes {{ON_CLUSTER}} SYNC;
DROP TABLE IF EXISTS paylens_link_spans {{ON_CLUSTER}} SYNC;

CREATE TABLE IF NOT EXISTS paylens_link_spans {{ON_CLUSTER}} (
    Link LowCardinality(String) CODEC(ZSTD(1)),
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
    Message String CODEC(ZSTD(1)),
    TraceHash UInt64 MATERIALIZED cityHash64(TraceId) CODEC(ZSTD(1))
) ENGINE = {{MERGE_TREE}}
PARTITION BY toDate(Timestamp)
ORDER BY (Link, Step, Timestamp)
{{TTL:toDateTime(Timestamp)}}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS paylens_step_minutes {{ON_CLUSTER}} (
    Link LowCardinality(String) CODEC(ZSTD(1)),
    Minute DateTime CODEC(Delta, ZSTD(1)),
    Step LowCardinality(String) CODEC(ZSTD(1)),
    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
    Peer LowCardinality(String) CODEC(ZSTD(1)),
    Channel LowCardinality(String) CODEC(ZSTD(1)),
    Bucket UInt16 CODEC(ZSTD(1)),
    Count SimpleAggregateFunction(sum, UInt64) CODEC(ZSTD(1)),
    Errors SimpleAggregateFunction(sum, UInt64) CODEC(ZSTD(1)),
    Timeouts SimpleAggregateFunction(sum, UInt64) CODEC(ZSTD(1)),
    MaxDuration SimpleAggregateFunction(max, UInt64) CODEC(ZSTD(1))
) ENGINE = {{AGGREGATING_MERGE_TREE}}
PARTITION BY toDate(Minute)
ORDER BY (Link, Step, Minute, ServiceName, Peer, Channel, Bucket)
{{TTL:Minute}}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

-- As in 0011, per link version: complete for exactly the minutes its link spans are.
CREATE MATERIALIZED VIEW IF NOT EXISTS paylens_step_minutes_mv {{ON_CLUSTER}}
TO paylens_step_minutes
AS SELECT
    Link,
    toStartOfMinute(Timestamp) AS Minute,
    Step,
    ServiceName,
    Peer,
    Channel,
    toUInt16(round(log(greatest(Duration, 1)) / log(1.02))) AS Bucket,
    count() AS Count,
    sum(Error) AS Errors,
    sum(Timeout) AS Timeouts,
    max(Duration) AS MaxDuration
FROM paylens_link_spans
GROUP BY Link, Minute, Step, ServiceName, Peer, Channel, Bucket;
