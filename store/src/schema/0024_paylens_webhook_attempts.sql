-- Every delivery attempt, appended: the delivery history shown beside alert events.
CREATE TABLE IF NOT EXISTS paylens_webhook_attempts {{ON_CLUSTER}} (
    WebhookId String,
    ReceiverKey String,
    Attempt UInt32,
    AtMs Int64,
    Outcome LowCardinality(String),
    StatusCode UInt16,
    Error String,
    DurationMs Float64
) ENGINE = {{MERGE_TREE}}
ORDER BY (WebhookId, Attempt)
{{TTL:toDateTime(intDiv(AtMs, 1000))}};

-- Receivers switched off by a 410 Gone (until their rule is saved again).
CREATE TABLE IF NOT EXISTS paylens_webhook_receivers {{ON_CLUSTER}} (
    ReceiverKey String,
    RuleId String,
    Url String,
    Disabled UInt8,
    Reason String,
    UpdatedMs UInt64
) ENGINE = {{REPLACING_MERGE_TREE:UpdatedMs}}
ORDER BY ReceiverKey;
