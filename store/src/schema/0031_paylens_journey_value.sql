-- What a journey is worth (DESIGN.md "Several links, and what a journey is worth"): the first
-- numeric value of the link's value attribute on the journey's spans, exact to 9 decimal places
-- (sums stay exact: no float accumulation), and its currency. NULL when the link names no value
-- or the journey carries none.
ALTER TABLE paylens_journeys {{ON_CLUSTER}}
    ADD COLUMN IF NOT EXISTS Value Nullable(Decimal(38, 9)) CODEC(ZSTD(1)),
    ADD COLUMN IF NOT EXISTS Currency LowCardinality(String) CODEC(ZSTD(1));
