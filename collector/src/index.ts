export * from './collector.ts';
export * from './decoders.ts';
export * from './http/otlp-responses.ts';
export * from './ingest-observer.ts';
export * from './redaction.ts';
export * from './shipper.ts';
export * from './spool/record-format.ts';
export * from './spool/spool.ts';
