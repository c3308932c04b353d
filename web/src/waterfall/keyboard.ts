import { type Rows, rowIndexOf } from './rowStates.ts';
import { hasChildren, type SpanTree } from './spanTree.ts';

/**
 * Keyboard navigation of the waterfall as a pure function: key + current state → what to do.
 * The selection is a tree position (stable when rows collapse or expand around it).
 */
export interface NavState {
  tree: SpanTree;
  rows: Rows;
  collapsed: ReadonlySet<number>;
  /** Selected position, or -1 when nothing is selected. */
  selected: number;
  /** Rows per screen, for PageUp/PageDown. */
  pageSize: number;
}

export type NavAction =
  | { type: 'select'; position: number }
  | { type: 'collapse'; position: number }
  | { type: 'expand'; position: number }
  | { type: 'toggleDetails' }
  | { type: 'clear' };

export function navigate(key: string, state: NavState): NavAction | null {
  const { rows, tree, collapsed, selected } = state;
  if (rows.count === 0) return null;
  const row = selected === -1 ? -1 : rowIndexOf(rows, selected);
  const selectRow = (r: number): NavAction => ({
    type: 'select',
    position: rows.positions[Math.max(0, Math.min(rows.count - 1, r))]!,
  });
  switch (key) {
    case 'ArrowDown':
    case 'j':
      return selectRow(row + 1);
    case 'ArrowUp':
    case 'k':
      return selectRow(row === -1 ? 0 : row - 1);
    case 'PageDown':
      return selectRow(row + state.pageSize);
    case 'PageUp':
      return selectRow(row - state.pageSize);
    case 'Home':
      return selectRow(0);
    case 'End':
      return selectRow(rows.count - 1);
    case 'ArrowRight':
    case 'l':
      if (row === -1) return selectRow(0);
      if (!hasChildren(tree, selected)) return null;
      return collapsed.has(selected) ? { type: 'expand', position: selected } : selectRow(row + 1);
    case 'ArrowLeft':
    case 'h': {
      if (row === -1) return selectRow(0);
      if (hasChildren(tree, selected) && !collapsed.has(selected))
        return { type: 'collapse', position: selected };
      const parent = tree.parent[selected]!;
      return parent !== -1 && rowIndexOf(rows, parent) !== -1 ? { type: 'select', position: parent } : null;
    }
    case 'Enter':
    case ' ':
      return row === -1 ? selectRow(0) : { type: 'toggleDetails' };
    case 'Escape':
      return { type: 'clear' };
    default:
      return null;
  }
}
