-- Where each journey waits: for every funnel stage it succeeded at without entering the next one,
-- (the stage's link index, the end of its first successful span). Stuck payments filter on this
-- narrow column instead of reading every journey's per-step arrays.
ALTER TABLE paylens_journeys {{ON_CLUSTER}}
    ADD COLUMN IF NOT EXISTS Waiting Array(Tuple(UInt8, Int64)) CODEC(ZSTD(1));
