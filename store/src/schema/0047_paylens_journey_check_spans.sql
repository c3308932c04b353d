-- Each journey's spans of the steps its link's checks read (server/src/checks/), so consistency
-- checks judge stored journeys instead of grouping every link span of the range by journey on each
-- request: (step index, start ns, end ns, ok, SpanHash, index of its trace in Traces), sorted by
-- start. Links without checks leave it empty.
ALTER TABLE paylens_journeys {{ON_CLUSTER}}
    ADD COLUMN IF NOT EXISTS CheckSpans Array(Tuple(UInt8, Int64, Int64, Bool, UInt64, UInt16)) CODEC(ZSTD(1));

-- Checks read the journeys with spans in a range, whatever minute they started in (a callback
-- hours after the checkout): the newest End of each granule skips the journeys that ended before it.
ALTER TABLE paylens_journeys {{ON_CLUSTER}}
    ADD INDEX IF NOT EXISTS idx_end End TYPE minmax GRANULARITY 1;
