-- Each journey's consistency-check verdicts over all its check spans, as if every window had
-- passed (server/src/checks/check-verdicts-sql.ts): the first and last start of its check spans,
-- when its last followedBy window ends, a bit per check that judges it, and (check, at, count, gap)
-- per check it violates. A range holding all of a journey's check spans, judged after its windows,
-- reads these narrow columns instead of judging its spans again.
ALTER TABLE paylens_journeys {{ON_CLUSTER}}
    ADD COLUMN IF NOT EXISTS CheckFrom Int64 CODEC(ZSTD(1)),
    ADD COLUMN IF NOT EXISTS CheckTo Int64 CODEC(ZSTD(1)),
    ADD COLUMN IF NOT EXISTS CheckSettled Int64 CODEC(ZSTD(1)),
    ADD COLUMN IF NOT EXISTS CheckJudged UInt64 CODEC(ZSTD(1)),
    ADD COLUMN IF NOT EXISTS CheckViolations Array(Tuple(UInt8, Int64, UInt32, Int64)) CODEC(ZSTD(1));
