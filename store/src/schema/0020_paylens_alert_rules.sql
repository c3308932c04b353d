-- Alert rules, one row per saved version; reads take the newest version (FINAL) and skip deleted ones.
-- Body is the rule as JSON (the API's shape, with receiver secrets); times are epoch milliseconds.
CREATE TABLE IF NOT EXISTS paylens_alert_rules {{ON_CLUSTER}} (
    RuleId String,
    Version UInt64,
    Deleted UInt8,
    Body String CODEC(ZSTD(1)),
    CreatedMs Int64,
    UpdatedMs Int64
) ENGINE = {{REPLACING_MERGE_TREE:Version}}
ORDER BY RuleId;
