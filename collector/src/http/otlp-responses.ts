/**
 * The few OTLP/HTTP response messages the receiver writes: Export*ServiceResponse with
 * partial_success, and google.rpc.Status for errors — in protobuf or JSON, matching the request.
 */

export type WireEncoding = 'protobuf' | 'json';
export type Signal = 'traces' | 'logs';

function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  while (v > 127) {
    bytes.push((v & 127) | 128);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return bytes;
}

function lengthDelimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...varint(payload.length)]), payload]);
}

function varintField(field: number, value: number): Buffer {
  return Buffer.from([(field << 3) | 0, ...varint(value)]);
}

export function exportResponse(
  signal: Signal,
  encoding: WireEncoding,
  rejected: number,
  errorMessage: string | undefined,
): Buffer {
  const rejectedKey = signal === 'traces' ? 'rejectedSpans' : 'rejectedLogRecords';
  if (encoding === 'json') {
    const body =
      rejected > 0 || errorMessage ? { partialSuccess: { [rejectedKey]: rejected, errorMessage } } : {};
    return Buffer.from(JSON.stringify(body));
  }
  if (rejected === 0 && !errorMessage) return Buffer.alloc(0);
  const partial = Buffer.concat([
    rejected > 0 ? varintField(1, rejected) : Buffer.alloc(0),
    errorMessage ? lengthDelimited(2, Buffer.from(errorMessage)) : Buffer.alloc(0),
  ]);
  return lengthDelimited(1, partial);
}

/** google.rpc.Status with a gRPC code (3 INVALID_ARGUMENT, 8 RESOURCE_EXHAUSTED, 14 UNAVAILABLE…). */
export function statusResponse(encoding: WireEncoding, grpcCode: number, message: string): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code: grpcCode, message }));
  return Buffer.concat([varintField(1, grpcCode), lengthDelimited(2, Buffer.from(message))]);
}

export function contentTypeOf(encoding: WireEncoding): string {
  return encoding === 'json' ? 'application/json' : 'application/x-protobuf';
}
