-- The durable webhook outbox. One row per (receiver, webhook-id) after merges: the evaluator inserts
-- Version 1 (status pending); each delivery attempt appends the next Version, so re-enqueueing an
-- id after a crash never overrides what delivery already recorded. Seq orders a receiver's queue.
CREATE TABLE IF NOT EXISTS paylens_webhook_outbox {{ON_CLUSTER}} (
    ReceiverKey String,
    WebhookId String,
    Seq Int64,
    RuleId String,
    EventId String,
    Url String,
    ReceiverName String,
    ContentType String,
    Body String CODEC(ZSTD(1)),
    Headers String CODEC(ZSTD(1)),
    Secret String,
    Status LowCardinality(String),
    Attempts UInt32,
    NextAttemptMs Int64,
    CreatedMs Int64,
    UpdatedMs Int64,
    LastStatusCode UInt16,
    LastError String,
    Version UInt64
) ENGINE = {{REPLACING_MERGE_TREE:Version}}
ORDER BY (ReceiverKey, WebhookId)
{{TTL:toDateTime(intDiv(CreatedMs, 1000))}};
