import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/http/api-error.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../../src/link/load-link.ts';
import { parseJourneyKey } from '../../src/traces/journey-key.ts';
import { parseSpanPage } from '../../src/traces/page-params.ts';
import { parseTraceSearch } from '../../src/traces/search-params.ts';
import { parseTraceId } from '../../src/traces/trace-id.ts';

const link = loadLinkFile(DEFAULT_LINK_FILE);
const NOW = Date.UTC(2024, 4, 1, 12);

function rejection(action: () => unknown): { status: number; message: string } {
  try {
    action();
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('trace views parameters', () => {
  it('accepts 32 hex digits as a trace id, lower-cased', () => {
    expect(parseTraceId('traceId', '0AF7651916CD43DD8448EB211C80319C')).toBe(
      '0af7651916cd43dd8448eb211c80319c',
    );
    for (const bad of [undefined, '', 'xyz', '0'.repeat(32), 'a'.repeat(31), 'a'.repeat(33), "' OR 1=1"]) {
      expect(rejection(() => parseTraceId('traceId', bad))).toMatchObject({ status: 400 });
      expect(rejection(() => parseTraceId('traceId', bad)).message).toContain("'traceId'");
    }
  });

  it('pages with limit 1…50,000 (default 20,000) and offset ≥ 0', () => {
    expect(parseSpanPage({})).toEqual({ limit: 20_000, offset: 0 });
    expect(parseSpanPage({ limit: '10', offset: '30' })).toEqual({ limit: 10, offset: 30 });
    expect(rejection(() => parseSpanPage({ limit: '0' })).message).toContain("'limit'");
    expect(rejection(() => parseSpanPage({ limit: '50001' })).message).toContain("'limit'");
    expect(rejection(() => parseSpanPage({ offset: '-1' })).message).toContain("'offset'");
    expect(rejection(() => parseSpanPage({ offset: ['1', '2'] })).message).toContain("'offset'");
  });

  it('takes any printable journey key up to 256 characters', () => {
    expect(parseJourneyKey('key', "ord-1' OR 1=1 --")).toBe("ord-1' OR 1=1 --");
    expect(parseJourneyKey('key', '订单-42')).toBe('订单-42');
    for (const bad of ['', 'k'.repeat(257), 'a\u0000b', 'a\nb', 7]) {
      expect(rejection(() => parseJourneyKey('key', bad)).message).toContain("'key'");
    }
  });

  it('parses a trace search with defaults', () => {
    expect(parseTraceSearch({}, link, NOW)).toEqual({ from: NOW - 3_600_000, to: NOW, limit: 50 });
    expect(
      parseTraceSearch(
        {
          from: '2024-05-01T11:00:00Z',
          to: String(NOW),
          step: 'channel_pay',
          status: 'error',
          minMs: '12.5',
          key: 'ord-1',
          limit: '1000',
        },
        link,
        NOW,
      ),
    ).toEqual({
      from: NOW - 3_600_000,
      to: NOW,
      step: 'channel_pay',
      status: 'error',
      minMs: 12.5,
      key: 'ord-1',
      limit: 1000,
    });
  });

  it('names the bad parameter of a trace search', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ from: 'soon' }, 'from'],
      [{ to: 'tomorrow' }, 'to'],
      [{ step: 'unknown_step' }, 'step'],
      [{ status: 'ERROR' }, 'status'],
      [{ minMs: 'NaN' }, 'minMs'],
      [{ minMs: '-3' }, 'minMs'],
      [{ limit: '5000' }, 'limit'],
      [{ key: '' }, 'key'],
      [{ order: 'asc' }, 'order'],
    ];
    for (const [query, name] of cases) {
      const { status, message } = rejection(() => parseTraceSearch(query, link, NOW));
      expect(status).toBe(400);
      expect(message, name).toContain(`'${name}'`);
    }
  });
});
