import { describe, expect, it } from 'vitest';
import { carryOver } from '../src/url/filters.ts';
import { linkParamOf, readsLink } from '../src/url/linkParam.ts';

describe('the link in the URL', () => {
  it('is read from the page query, null for the default link', () => {
    expect(linkParamOf('?link=refund&range=1h')).toBe('refund');
    expect(linkParamOf('?range=1h')).toBeNull();
    expect(linkParamOf(new URLSearchParams('link='))).toBeNull();
  });

  it('goes with the requests that read a link, not with alerts or the list of links', () => {
    for (const path of [
      '/link',
      '/steps',
      '/steps/series',
      '/timeouts',
      '/funnel',
      '/stuck',
      '/traces',
      '/traces/abc',
      '/journeys/o-1',
    ])
      expect(readsLink(path), path).toBe(true);
    for (const path of ['/links', '/alert-rules', '/alerts', '/linked'])
      expect(readsLink(path), path).toBe(false);
  });

  it('is carried between pages with the range and filters', () => {
    expect(
      carryOver(new URLSearchParams('link=refund&range=6h&stuckAfter=x&f.payment.channel=card')).toString(),
    ).toBe('link=refund&range=6h&f.payment.channel=card');
  });
});
