-- Journeys per minute, for conversion alerts: per (minute, journey) the link steps its spans
-- reached and succeeded at (bit s = link step s of LinkVersion) and, per link dimension, the
-- earliest value with its span's start. Built from paylens_link_spans by the alert evaluator
-- (server/src/alerts/journey-minutes.ts), not at insert, so ingest pays nothing for it. A minute is
-- rebuilt when its link-span count changes (late spans); the rows it then adds beside the old ones
-- are supersets of them, and every column merges by OR or by minimum, so readers need no FINAL.
-- Key-less spans are kept under their TraceHash (Keyless = 1): readers look up the trace's key.
CREATE TABLE IF NOT EXISTS paylens_journey_minutes {{ON_CLUSTER}} (
    Minute DateTime CODEC(Delta, ZSTD(1)),
    LinkVersion LowCardinality(String),
    JourneyHash UInt64 CODEC(ZSTD(1)),
    Keyless UInt8,
    Entered UInt64 CODEC(ZSTD(1)),
    Succeeded UInt64 CODEC(ZSTD(1)),
    DimValues Array(LowCardinality(String)) CODEC(ZSTD(1)),
    DimTimes Array(Int64) CODEC(ZSTD(1))
) ENGINE = {{MERGE_TREE}}
PARTITION BY toDate(Minute)
ORDER BY (LinkVersion, Minute, JourneyHash)
{{TTL:Minute}}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

-- Which minutes are built, and from how many link spans: a different count means rebuild.
CREATE TABLE IF NOT EXISTS paylens_journey_minutes_built {{ON_CLUSTER}} (
    LinkVersion String,
    Minute DateTime,
    Spans UInt64,
    BuiltAt DateTime64(3) DEFAULT now64(3)
) ENGINE = {{REPLACING_MERGE_TREE:BuiltAt}}
ORDER BY (LinkVersion, Minute)
{{TTL:Minute}};
