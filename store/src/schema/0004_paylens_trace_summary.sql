-- One row per trace (after merges): its time range, size and root. Readers still GROUP BY TraceId,
-- because rows of one trace may sit in parts not merged yet.
CREATE TABLE IF NOT EXISTS paylens_trace_summary {{ON_CLUSTER}} (
    TraceId String CODEC(ZSTD(1)),
    Start SimpleAggregateFunction(min, DateTime64(9)),
    End SimpleAggregateFunction(max, DateTime64(9)),
    SpanCount SimpleAggregateFunction(sum, UInt64),
    ErrorCount SimpleAggregateFunction(sum, UInt64),
    RootService SimpleAggregateFunction(max, String),
    RootName SimpleAggregateFunction(max, String),
    JourneyKey SimpleAggregateFunction(max, String)
) ENGINE = {{AGGREGATING_MERGE_TREE}}
PARTITION BY toDate(Start)
ORDER BY TraceId
{{TTL:toDateTime(Start)}}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000;

-- Journey key -> its traces, so a journey's spans are read within their time range.
CREATE TABLE IF NOT EXISTS paylens_journey_index {{ON_CLUSTER}} (
    JourneyKey String CODEC(ZSTD(1)),
    TraceId String CODEC(ZSTD(1)),
    Start SimpleAggregateFunction(min, DateTime64(9)),
    End SimpleAggregateFunction(max, DateTime64(9))
) ENGINE = {{AGGREGATING_MERGE_TREE}}
PARTITION BY toDate(Start)
ORDER BY (JourneyKey, TraceId)
{{TTL:toDateTime(Start)}}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000;
