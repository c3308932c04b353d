-- The state machine of every alert (a rule, or one group of it): one row per (rule, group) after
-- merges, the highest Version winning. PendingEvent holds the notification of the last transition
-- until its outbox rows are written (Enqueued = 1): a crash in between is finished on restart.
CREATE TABLE IF NOT EXISTS paylens_alert_state {{ON_CLUSTER}} (
    RuleId String,
    GroupKey String,
    Version UInt64,
    State LowCardinality(String),
    Seq UInt32,
    ActiveSinceMs Nullable(Int64),
    FiringSinceMs Nullable(Int64),
    ResolvedAtMs Nullable(Int64),
    Value Nullable(Float64),
    EvaluatedMs Int64,
    PendingEvent String CODEC(ZSTD(1)),
    Enqueued UInt8
) ENGINE = {{REPLACING_MERGE_TREE:Version}}
ORDER BY (RuleId, GroupKey);
