-- Per-minute good/total counts of the steps that carry an SLO (DESIGN.md "SLOs and burn-rate
-- alerts"). Whether a span is good depends on its step's `slo.latencyMs`, which the 2% histogram of
-- paylens_step_minutes cannot answer exactly, so the server creates the view feeding this table
-- from the link (server/src/slo/slo-minutes-view.ts), over paylens_link_spans, and empties it when
-- the link's SLOs or classification change. A 28-day window reads ~40k rows a step from here.
CREATE TABLE IF NOT EXISTS paylens_slo_minutes {{ON_CLUSTER}} (
    Minute DateTime CODEC(Delta, ZSTD(1)),
    Step LowCardinality(String) CODEC(ZSTD(1)),
    Total SimpleAggregateFunction(sum, UInt64) CODEC(ZSTD(1)),
    Good SimpleAggregateFunction(sum, UInt64) CODEC(ZSTD(1))
) ENGINE = {{AGGREGATING_MERGE_TREE}}
PARTITION BY toDate(Minute)
ORDER BY (Step, Minute)
{{TTL:Minute}}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

-- Which SLO view version feeds paylens_slo_minutes, and from when its minutes are complete.
CREATE TABLE IF NOT EXISTS paylens_slo_minutes_state {{ON_CLUSTER}} (
    Version String,
    CoveredFromNs Int64,
    UpdatedAt DateTime64(3) DEFAULT now64(3)
) ENGINE = {{REPLACING_MERGE_TREE:UpdatedAt}}
ORDER BY Version;
