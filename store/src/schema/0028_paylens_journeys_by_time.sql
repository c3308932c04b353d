-- The journey store sorted by time: readers take a range of journeys by start (the funnel's
-- ten-minute rollup is recomputed from a few minutes of them after each build), and FINAL then
-- only merges the parts that overlap that range. The key's minute is the journey's start minute:
-- when a late span moves a journey's start to another minute, the builder tombstones the row under
-- the old minute. Lookups by journey (the builder, the journey view) go through the bloom filter.
-- The store is derived data: the journey model's format changes with this file (j2), so the builder
-- builds every journey again from the arrivals queue.
DROP TABLE IF EXISTS paylens_journeys {{ON_CLUSTER}} SYNC;

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
    Traces Array(String) CODEC(ZSTD(1)),
    INDEX idx_journey_hash JourneyHash TYPE bloom_filter(0.01) GRANULARITY 1
) ENGINE = {{REPLACING_MERGE_TREE:Version, Deleted}}
PARTITION BY toDate(Start)
ORDER BY (LinkVersion, toStartOfMinute(Start), JourneyHash)
{{TTL:toDateTime(Start)}}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

-- The funnel's rollup: per ten minutes of journey starts and per journey dimension values, the
-- additive parts of the funnel (counts per step, histograms of waits and of journey latency in
-- 2% buckets, failure messages), as (Measure, Step, Key, Count) rows. The builder recomputes a slot
-- whole from the store after each build that touched it; a slot's rows are those of its latest
-- computation (the `computed` marker row tells which), older ones merge away or are skipped.
CREATE TABLE IF NOT EXISTS paylens_funnel_slots {{ON_CLUSTER}} (
    LinkVersion LowCardinality(String),
    Slot DateTime CODEC(Delta, ZSTD(1)),
    Computed DateTime64(6),
    Dims Array(String) CODEC(ZSTD(1)),
    Measure LowCardinality(String),
    Step UInt8,
    Key String CODEC(ZSTD(1)),
    Count UInt64 CODEC(ZSTD(1))
) ENGINE = {{REPLACING_MERGE_TREE:Computed}}
PARTITION BY toDate(Slot)
ORDER BY (LinkVersion, Slot, Measure, Step, Dims, Key)
{{TTL:Slot}}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;
