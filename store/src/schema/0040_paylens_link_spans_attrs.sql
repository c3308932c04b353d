-- Each link span's attribute values as 64-bit hashes (24 bits of the key, 40 of the key and value;
-- server/src/analytics/attribute-hash-sql.ts): span and resource attributes, service.name, span.name
-- and peer, the journey key left out. Step attribution ("who is slow?") counts them per selection
-- from this narrow table instead of expanding two attribute maps per span of otel_traces.
ALTER TABLE paylens_link_spans {{ON_CLUSTER}}
    ADD COLUMN IF NOT EXISTS Attrs Array(UInt64) CODEC(ZSTD(1));
