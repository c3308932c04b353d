-- Per keyed journey row, its key and its traces in that minute: a key-less trace's key is then
-- looked up in these rows (a row per journey) rather than in every link span of the window.
ALTER TABLE paylens_journey_minutes {{ON_CLUSTER}}
    ADD COLUMN IF NOT EXISTS JourneyKey String CODEC(ZSTD(1)),
    ADD COLUMN IF NOT EXISTS Traces Array(UInt64) CODEC(ZSTD(1));
