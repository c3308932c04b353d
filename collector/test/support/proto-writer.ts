/**
 * A minimal protobuf writer for hand-built test messages (valid and malformed), independent of the
 * decoder under test. Messages are arrays of bytes; `field*` helpers return encoded fields.
 */
export type Bytes = Buffer;
export type Part = Uint8Array | readonly number[];

/** Concatenates byte parts (test messages reach megabytes). */
export function join(parts: readonly Part[]): Bytes {
  return Buffer.concat(parts.map((part) => (part instanceof Uint8Array ? part : Buffer.from(part))));
}

export function varint(value: number | bigint): Bytes {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v > 127n) {
    out.push(Number(v & 127n) | 128);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

export function key(field: number, wireType: number): Bytes {
  return varint((field << 3) | wireType);
}

export function fieldVarint(field: number, value: number | bigint): Bytes {
  return join([key(field, 0), varint(value)]);
}

export function fieldBytes(field: number, payload: Part): Bytes {
  return join([key(field, 2), varint(payload.length), payload]);
}

export function fieldString(field: number, text: string): Bytes {
  return fieldBytes(field, Buffer.from(text, 'utf8'));
}

export function fieldMessage(field: number, ...parts: Part[]): Bytes {
  return fieldBytes(field, join(parts));
}

export function fieldFixed64(field: number, value: bigint): Bytes {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(BigInt.asUintN(64, value));
  return join([key(field, 1), bytes]);
}

export function fieldDouble(field: number, value: number): Bytes {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleLE(value);
  return join([key(field, 1), bytes]);
}

export function fieldFixed32(field: number, value: number): Bytes {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return join([key(field, 5), bytes]);
}

export function hex(text: string): Bytes {
  return Buffer.from(text, 'hex');
}

export const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
export const SPAN_ID = 'b7ad6b7169203331';
export const PARENT_ID = '00f067aa0ba902b7';
/** 2024-05-01T12:00:00.123456789Z in nanoseconds. */
export const START_NS = 1714564800123456789n;

/** A valid Span message body; `extra` fields are appended (later fields win, as in protobuf). */
export function spanBody(
  extra: Bytes[] = [],
  base: { traceId?: Bytes; spanId?: Bytes; start?: bigint } = {},
): Bytes {
  return join([
    fieldBytes(1, base.traceId ?? hex(TRACE_ID)),
    fieldBytes(2, base.spanId ?? hex(SPAN_ID)),
    fieldString(5, 'GET /orders'),
    fieldVarint(6, 2),
    fieldFixed64(7, base.start ?? START_NS),
    fieldFixed64(8, (base.start ?? START_NS) + 1_500_000n),
    ...extra,
  ]);
}

/** ExportTraceServiceRequest with one resource (service `svc`), one scope, and these span bodies. */
export function traceRequest(spans: Part[], resource: Part[] = []): Buffer {
  const resourceMessage: Bytes = fieldMessage(
    1,
    fieldMessage(1, fieldString(1, 'service.name'), fieldMessage(2, fieldString(1, 'svc'))),
    ...resource,
  );
  const scopeSpans = fieldMessage(
    2,
    fieldMessage(1, fieldString(1, 'scope')),
    ...spans.map((span) => fieldBytes(2, span)),
  );
  return Buffer.from(fieldMessage(1, resourceMessage, scopeSpans));
}

/** KeyValue { key, value: AnyValue(parts) }. */
export function keyValue(name: string, ...valueParts: Part[]): Bytes {
  return join([fieldString(1, name), fieldMessage(2, ...valueParts)]);
}
