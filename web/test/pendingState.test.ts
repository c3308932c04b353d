import { describe, expect, it } from 'vitest';
import { PendingState } from '../src/waterfall/pendingState.ts';

interface S {
  span: string | null;
  zoom: [number, number];
}

describe('pending waterfall state', () => {
  it('keeps a change that a stale re-render (old props) would undo', () => {
    const a: S = { span: 'root', zoom: [0, 1] };
    const pending = new PendingState(a);
    expect(pending.rendered(a)).toEqual(a);
    pending.change({ span: 'child' });
    // A scroll re-renders before the URL change lands: same props as before, object rebuilt.
    expect(pending.rendered({ span: 'root', zoom: [0, 1] }).span).toBe('child');
    // A second key press builds on the pending change.
    expect(pending.change({ zoom: [0.25, 0.75] })).toEqual({ span: 'child', zoom: [0.25, 0.75] });
    // The change lands.
    expect(pending.rendered({ span: 'child', zoom: [0.25, 0.75] })).toEqual({
      span: 'child',
      zoom: [0.25, 0.75],
    });
  });

  it('adopts props that moved on their own (Back, a link)', () => {
    const pending = new PendingState<S>({ span: 'root', zoom: [0, 1] });
    pending.change({ span: 'child' });
    pending.rendered({ span: 'child', zoom: [0, 1] });
    expect(pending.rendered({ span: 'other', zoom: [0, 1] }).span).toBe('other');
    expect(pending.latest.span).toBe('other');
  });
});
