-- The funnel rollup carries what journeys are worth (DESIGN.md "Several links, and what a journey
-- is worth"): `value` rows sum the journeys' values per (kind, stage, currency) key, exactly, in
-- the type of paylens_journeys.Value (no float accumulation); every other row leaves it 0. Slots
-- written before this change have no value rows: they are written under another LinkVersion (the
-- slot format), and the builder recomputes them once from the stored journeys.
ALTER TABLE paylens_funnel_slots {{ON_CLUSTER}}
    ADD COLUMN IF NOT EXISTS Amount Decimal(38, 9) DEFAULT 0 CODEC(ZSTD(1));
