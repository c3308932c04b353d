-- Alert history: every notified transition (firing, resolved). EventId is derived from the rule,
-- group and transition number, so a transition written twice (after a crash) is one row after merges.
CREATE TABLE IF NOT EXISTS paylens_alert_events {{ON_CLUSTER}} (
    EventId String,
    RuleId String,
    GroupKey String,
    Seq UInt32,
    State LowCardinality(String),
    AtMs Int64,
    Value Nullable(Float64),
    Threshold Float64,
    Notification String CODEC(ZSTD(1))
) ENGINE = {{REPLACING_MERGE_TREE:Seq}}
ORDER BY (RuleId, EventId)
{{TTL:toDateTime(intDiv(AtMs, 1000))}};
