import { describe, expect, it } from 'vitest';
import { normalizeKind, normalizeStatus } from '../../../src/analysis/waterfall/span-status.ts';

describe('span status and kind', () => {
  it('reads both exporter spellings of the status', () => {
    expect(
      ['Error', 'STATUS_CODE_ERROR', 'Ok', 'STATUS_CODE_OK', 'Unset', 'STATUS_CODE_UNSET', ''].map(
        normalizeStatus,
      ),
    ).toEqual(['error', 'error', 'ok', 'ok', 'unset', 'unset', 'unset']);
  });

  it('reads both exporter spellings of the kind', () => {
    expect(
      ['Server', 'SPAN_KIND_CLIENT', 'Internal', 'SPAN_KIND_PRODUCER', 'Consumer', 'weird'].map(
        normalizeKind,
      ),
    ).toEqual(['server', 'client', 'internal', 'producer', 'consumer', 'unspecified']);
  });
});
