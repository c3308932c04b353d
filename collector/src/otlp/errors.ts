/**
 * A request the decoder cannot read at all: truncated or mistyped protobuf, JSON of the wrong shape,
 * nesting past the limit. The receiver answers 400 (its name ends in `DecodeError`). Items that are
 * readable but invalid (a bad trace id…) are not errors: they are rejected one by one instead.
 */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
}
