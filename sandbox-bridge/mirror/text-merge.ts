/**
 * Merging a file changed on disk into a Y.Text that people may be typing in.
 *
 * The disk change is computed against the base (what disk and document last
 * agreed on) as one replaced range. Edits made in the document since then are
 * Yjs deltas; the range is carried through them, so the disk change lands
 * where it belongs and deletes only base characters — never text someone
 * typed meanwhile.
 */

import { diffText, type TextChange } from '../../protocol/text-diff.ts';

export { diffText, type TextChange };

/** One Y.Text delta op (formatting attributes are not used here). */
export type DeltaOp = { insert?: string | object; delete?: number; retain?: number };
export type Delta = DeltaOp[];

function insertLength(op: DeltaOp): number {
  return typeof op.insert === 'string' ? op.insert.length : op.insert === undefined ? 0 : 1;
}

/** Where a position moves through one delta; text inserted exactly there goes before it. */
export function mapPosition(position: number, delta: Delta): number {
  let oldIndex = 0;
  let newIndex = 0;
  for (const op of delta) {
    if (op.retain !== undefined) {
      if (position < oldIndex + op.retain) return newIndex + (position - oldIndex);
      oldIndex += op.retain;
      newIndex += op.retain;
    } else if (op.insert !== undefined) {
      if (oldIndex <= position) newIndex += insertLength(op);
    } else if (op.delete !== undefined) {
      if (position < oldIndex + op.delete) return newIndex;
      oldIndex += op.delete;
    }
  }
  return newIndex + (position - oldIndex);
}

/** Half-open ranges [start, end). */
export type Ranges = Array<[number, number]>;

/** The surviving pieces of some ranges after one delta, in the new coordinates. */
export function mapRanges(ranges: Ranges, delta: Delta): Ranges {
  const out: Ranges = [];
  for (const [start, end] of ranges) {
    let oldIndex = 0;
    let newIndex = 0;
    for (const op of delta) {
      if (oldIndex >= end) break;
      if (op.retain !== undefined) {
        const from = Math.max(start, oldIndex);
        const to = Math.min(end, oldIndex + op.retain);
        if (from < to) out.push([newIndex + (from - oldIndex), newIndex + (to - oldIndex)]);
        oldIndex += op.retain;
        newIndex += op.retain;
      } else if (op.insert !== undefined) {
        newIndex += insertLength(op);
      } else if (op.delete !== undefined) {
        oldIndex += op.delete;
      }
    }
    // Everything after the delta's last op is retained implicitly.
    const from = Math.max(start, oldIndex);
    if (from < end) out.push([newIndex + (from - oldIndex), newIndex + (end - oldIndex)]);
  }
  return mergeRanges(out);
}

function mergeRanges(ranges: Ranges): Ranges {
  const sorted = ranges.filter(([a, b]) => a < b).sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else out.push([range[0], range[1]]);
  }
  return out;
}

/** A disk change expressed in the document's current coordinates. */
export interface RebasedChange {
  /** Ranges to delete, highest first so earlier ones stay valid. */
  deletions: Ranges;
  /** Where to insert, after the deletions. */
  insertAt: number;
  insert: string;
}

/** Carries a change made against the base through the document's edits since the base. */
export function rebaseChange(change: TextChange, deltas: Delta[]): RebasedChange {
  let ranges: Ranges =
    change.deleteCount > 0 ? [[change.index, change.index + change.deleteCount]] : [];
  let insertAt = change.index;
  for (const delta of deltas) {
    ranges = mapRanges(ranges, delta);
    insertAt = mapPosition(insertAt, delta);
  }
  // Deleted pieces all sit at or after the insertion point; removing them does not move it.
  return { deletions: [...ranges].reverse(), insertAt, insert: change.insert };
}

/** A change as a Yjs-style delta. */
export function changeAsDelta(change: TextChange): Delta {
  const delta: Delta = [];
  if (change.index > 0) delta.push({ retain: change.index });
  if (change.deleteCount > 0) delta.push({ delete: change.deleteCount });
  if (change.insert) delta.push({ insert: change.insert });
  return delta;
}
