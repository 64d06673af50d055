/**
 * The smallest single-range change between two texts, used wherever a whole
 * new text must become a minimal Yjs edit (the bridge's mirror, the files API)
 * so that concurrent edits elsewhere in the text survive.
 */

/** `base` with `[index, index + deleteCount)` replaced by `insert` gives the new text. */
export interface TextChange {
  index: number;
  deleteCount: number;
  insert: string;
}

/** The smallest single-range change from `base` to `next` (common prefix and suffix). */
export function diffText(base: string, next: string): TextChange | null {
  if (base === next) return null;
  let start = 0;
  const shorter = Math.min(base.length, next.length);
  while (start < shorter && base.charCodeAt(start) === next.charCodeAt(start)) start++;
  // Never split a surrogate pair: Yjs counts UTF-16 units like JS, but half a pair is garbage.
  if (start > 0 && isHighSurrogate(base.charCodeAt(start - 1))) start--;
  let end = 0;
  while (
    end < shorter - start &&
    base.charCodeAt(base.length - 1 - end) === next.charCodeAt(next.length - 1 - end)
  ) {
    end++;
  }
  if (end > 0 && isLowSurrogate(base.charCodeAt(base.length - end))) end--;
  return {
    index: start,
    deleteCount: base.length - end - start,
    insert: next.slice(start, next.length - end),
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
