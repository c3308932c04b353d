import type { Change } from '../compare/change.ts';

/** A figure's change against the earlier window, coloured worse / better / same. */
export function ChangeBadge({ change, label }: { change: Change | undefined; label?: string }) {
  if (!change) return null;
  return (
    <span className={`change change-${change.tone}`} data-testid="change" title={label}>
      {change.text}
    </span>
  );
}
