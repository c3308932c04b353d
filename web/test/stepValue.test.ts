import { describe, expect, it } from 'vitest';
import { stepValueLines } from '../src/funnel/stepValue.ts';

describe('stepValueLines', () => {
  it('shows entered, failed and dropped value across currencies, leaving zero amounts out', () => {
    const lines = stepValueLines([
      { currency: 'CNY', entered: '1200000', succeeded: '1100000', failed: '100000', dropped: '0' },
      { currency: 'USD', entered: '40', succeeded: '40', failed: '0', dropped: '12.5' },
    ]);
    expect(lines).toEqual([
      { field: 'value-entered', label: 'Value entered', text: '¥1.2M · $40' },
      { field: 'value-failed', label: 'Value failed', text: '¥100K' },
      { field: 'value-dropped', label: 'Value dropped', text: '$12.5' },
    ]);
  });

  it('has nothing to show when the link names no value', () => {
    expect(stepValueLines([])).toEqual([]);
  });
});
