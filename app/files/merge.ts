import { diffText, type TextChange } from '../../protocol/text-diff.ts';

function overlaps(a: TextChange, b: TextChange): boolean {
  const aEnd = a.index + a.deleteCount;
  const bEnd = b.index + b.deleteCount;
  // Two edits at the same spot have no natural order: a conflict, not a guess.
  if (a.index === b.index) return true;
  return a.index < bEnd && b.index < aEnd;
}

/**
 * Three-way merge of single-range edits: `ours` (base → mine) applied on top of
 * `current` (base → theirs). Returns the change to apply to `current`, null
 * when mine changes nothing, or 'conflict' when both touched the same range.
 */
export function mergeOnto(
  base: string,
  current: string,
  mine: string,
): TextChange | null | 'conflict' {
  const ours = diffText(base, mine);
  if (!ours) return null;
  const theirs = diffText(base, current);
  if (!theirs) return ours;
  if (overlaps(theirs, ours)) return 'conflict';
  if (theirs.index < ours.index) {
    return { ...ours, index: ours.index + theirs.insert.length - theirs.deleteCount };
  }
  return ours;
}
