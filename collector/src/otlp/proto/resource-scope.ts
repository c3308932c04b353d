import type { AttributeSink } from '../attribute-sink.ts';
import type { DecodeLimits } from '../limits.ts';
import type { ScopeInfo } from '../origin.ts';
import { decodeUtf8 } from '../text.ts';
import { readAttributeField } from './any-value.ts';
import { fieldTable, LEN, skipUnknown, VARINT, type WireReader } from './wire-reader.ts';

const RESOURCE_FIELDS = fieldTable('Resource', {
  1: ['attributes', LEN],
  2: ['dropped_attributes_count', VARINT],
  3: ['entity_refs', LEN],
});
const SCOPE_FIELDS = fieldTable('InstrumentationScope', {
  1: ['name', LEN],
  2: ['version', LEN],
  3: ['attributes', LEN],
  4: ['dropped_attributes_count', VARINT],
});
const ATTRIBUTES = 0x0a; // Resource.attributes = 1
const SCOPE_NAME = 0x0a; // 1
const SCOPE_VERSION = 0x12; // 2
const SCOPE_ATTRIBUTES = 0x1a; // 3

/** A Resource's attributes into `sink` (a repeated resource field merges, as protobuf does). */
export function decodeResourceInto(
  reader: WireReader,
  end: number,
  sink: AttributeSink,
  limits: DecodeLimits,
): void {
  while (reader.pos < end) {
    const tag = reader.tag(end);
    if (tag === ATTRIBUTES) {
      readAttributeField(reader, end, sink, limits);
    } else skipUnknown(reader, tag, end, RESOURCE_FIELDS);
  }
}

/** An InstrumentationScope, merged into `scope` (its attributes into `sink`). */
export function decodeScopeInto(
  reader: WireReader,
  end: number,
  scope: ScopeInfo,
  sink: AttributeSink,
  limits: DecodeLimits,
): void {
  while (reader.pos < end) {
    const tag = reader.tag(end);
    if (tag === SCOPE_NAME || tag === SCOPE_VERSION) {
      const textEnd = reader.lengthEnd(end);
      const text = decodeUtf8(reader.buf, reader.pos, textEnd, limits.maxAttributeValueLength);
      if (tag === SCOPE_NAME) scope.name = text;
      else scope.version = text;
      reader.pos = textEnd;
    } else if (tag === SCOPE_ATTRIBUTES) {
      readAttributeField(reader, end, sink, limits);
    } else skipUnknown(reader, tag, end, SCOPE_FIELDS);
  }
}
