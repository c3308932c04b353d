-- Per-minute rollup of the link spans: per step, service, downstream peer and channel, a histogram
-- of durations in buckets 2% wide (bucket b holds durations that round to 1.02^b ns), with exact
-- counts, errors, timeouts and maximum. A bucket's value 1.02^b is within 1% of every duration in
-- it, so quantiles read from the histogram are within 1% of the exact nearest-rank value. Long
-- ranges read this (100–1000× fewer rows than spans at volume); their partial minutes at each end
-- come from paylens_link_spans (server/src/analytics/rollup-sql.ts).
CREATE TABLE IF NOT EXISTS paylens_step_minutes {{ON_CLUSTER}} (
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
ORDER BY (Step, Minute, ServiceName, Peer, Channel, Bucket)
{{TTL:Minute}}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

-- Fed by every insert into paylens_link_spans (itself fed from otel_traces), so it is complete
-- for exactly the minutes the link spans table is. The bucket expression is BUCKET_SQL in rollup-sql.ts.
CREATE MATERIALIZED VIEW IF NOT EXISTS paylens_step_minutes_mv {{ON_CLUSTER}}
TO paylens_step_minutes
AS SELECT
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
GROUP BY Minute, Step, ServiceName, Peer, Channel, Bucket;
