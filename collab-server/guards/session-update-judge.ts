import * as Y from 'yjs';
import type { CloseReasonName } from '../../protocol/close-reasons.ts';
import { findPathProblem } from '../../protocol/paths.ts';
import type { TextOnlyEdit } from './text-only-update.ts';
import { applyToCopy, REMOVED } from './update-on-copy.ts';

export interface SessionUpdateLimits {
  maxFilesPerSession: number;
  maxFileChars: number;
}

/** Why an update is refused: the close reason and, for the log, what exactly. */
export interface Verdict {
  reason: CloseReasonName;
  detail: string;
}

/**
 * Judges what an update would do to a session document, before it is
 * applied: every `files`/`folders` key it sets must be an allowed path, every
 * file a Y.Text no longer than `maxFileChars`, and the files no more than
 * `maxFilesPerSession`. Plain typing is read from the update itself
 * (`edit`: text-only-update.ts, microseconds, decoded once by the caller);
 * anything else (`edit` null) is applied to a copy of the document
 * (update-on-copy.ts), which `spendCopy(bytes)` must allow.
 * Returns null when the update may be applied.
 */
export function sessionUpdateVerdict(
  doc: Y.Doc,
  update: Uint8Array,
  limits: SessionUpdateLimits,
  spendCopy: (bytes: number) => boolean,
  edit: TextOnlyEdit | null,
): Verdict | null {
  if (edit) {
    for (const [text, added] of edit.growth) {
      if (text.length + added > limits.maxFileChars) {
        return { reason: 'fileTooLarge', detail: `${text.length} + ${added} characters` };
      }
    }
    return null;
  }
  // Estimated as the update plus the document's last-known size; refusing
  // here stops a client from making the server copy a large document in a loop.
  const cost = update.byteLength + Y.encodeStateVector(doc).byteLength + docSizeHint(doc);
  if (!spendCopy(cost)) return { reason: 'tooManyMessages', detail: 'file operations too fast' };
  let effect: ReturnType<typeof applyToCopy>;
  try {
    effect = applyToCopy(doc, update);
  } catch {
    return { reason: 'malformed', detail: 'undecodable update' };
  }
  for (const [key, value] of effect.files) {
    if (value === REMOVED) continue;
    const problem = findPathProblem(key);
    if (problem) return { reason: 'badPath', detail: `files ${quote(key)}: ${problem}` };
    if (!(value instanceof Y.Text)) {
      return { reason: 'malformed', detail: `files value of ${quote(key)} is not a Y.Text` };
    }
  }
  for (const key of effect.folders) {
    const problem = findPathProblem(key);
    if (problem) return { reason: 'badPath', detail: `folders ${quote(key)}: ${problem}` };
  }
  if (
    effect.fileCountAfter > effect.fileCountBefore &&
    effect.fileCountAfter > limits.maxFilesPerSession
  ) {
    return { reason: 'tooManyFiles', detail: `${effect.fileCountAfter} files` };
  }
  if (effect.longestTextWritten > limits.maxFileChars) {
    return { reason: 'fileTooLarge', detail: `${effect.longestTextWritten} characters` };
  }
  return null;
}

function quote(key: string): string {
  return JSON.stringify(key.slice(0, 80));
}

/** Characters in the document's files: a cheap stand-in for its encoded size. */
function docSizeHint(doc: Y.Doc): number {
  let size = 0;
  for (const value of doc.getMap<unknown>('files').values()) {
    if (value instanceof Y.Text) size += value.length;
  }
  return size;
}
