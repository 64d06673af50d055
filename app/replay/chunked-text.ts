/**
 * A file's text as a list of immutable chunks, each carrying beside its text
 * one origin code per character (a string of the same length whose char codes
 * index the replay's origin table).
 *
 * Chunks are never modified, only replaced, so a snapshot is a shallow copy of
 * the chunk list: snapshots share every chunk that did not change between
 * them. An edit rebuilds only the chunks it touches, so its cost depends on
 * the chunk size, not on the length of the file.
 */
export interface Chunk {
  readonly text: string;
  readonly origins: string;
}

/** What a splice removed, so it can be undone. */
export interface Removed {
  text: string;
  origins: string;
}

/** Largest chunk, in UTF-16 code units. */
export const DEFAULT_CHUNK_SIZE = 512;

/** Mutable working copy of a file's chunk list. */
export class ChunkedText {
  private chunks: Chunk[];
  private readonly chunkSize: number;
  length: number;

  constructor(chunks: readonly Chunk[] = [], chunkSize = DEFAULT_CHUNK_SIZE) {
    this.chunks = chunks.slice();
    this.chunkSize = chunkSize;
    this.length = 0;
    for (const chunk of chunks) this.length += chunk.text.length;
  }

  /** A text whose characters all carry one origin code. */
  static from(text: string, originCode: number, chunkSize = DEFAULT_CHUNK_SIZE): ChunkedText {
    const result = new ChunkedText([], chunkSize);
    result.splice(0, 0, text, originString(originCode, text.length));
    return result;
  }

  /** The current chunk list; callers must not change it (copy-on-write). */
  snapshot(): Chunk[] {
    return this.chunks.slice();
  }

  text(): string {
    return joinTexts(this.chunks);
  }

  origins(): string {
    return joinOrigins(this.chunks);
  }

  /**
   * Replaces `deleteCount` characters at `position` by `insertText` whose
   * per-character origin codes are `insertOrigins`; returns what was removed.
   */
  splice(
    position: number,
    deleteCount: number,
    insertText: string,
    insertOrigins: string,
  ): Removed {
    if (position < 0 || deleteCount < 0 || position + deleteCount > this.length) {
      throw new RangeError(
        `splice(${position}, ${deleteCount}) outside a text of length ${this.length}`,
      );
    }
    const chunks = this.chunks;
    // First chunk that ends after `position`; appending lands in the last one.
    let first = 0;
    let start = 0;
    while (first < chunks.length - 1 && start + chunks[first]!.text.length <= position) {
      start += chunks[first]!.text.length;
      first++;
    }
    const offset = position - start;
    // Take in whole chunks until the deleted range is covered.
    let last = first;
    let covered = chunks.length > 0 ? chunks[first]!.text.length : 0;
    while (covered < offset + deleteCount) covered += chunks[++last]!.text.length;
    let text = '';
    let origins = '';
    for (let i = first; i <= last && i < chunks.length; i++) {
      text += chunks[i]!.text;
      origins += chunks[i]!.origins;
    }
    const removed = {
      text: text.slice(offset, offset + deleteCount),
      origins: origins.slice(offset, offset + deleteCount),
    };
    text = text.slice(0, offset) + insertText + text.slice(offset + deleteCount);
    origins = origins.slice(0, offset) + insertOrigins + origins.slice(offset + deleteCount);
    // Deletions leave small chunks behind; fold a small result into its
    // neighbour so the chunk count stays proportional to length / chunkSize.
    let end = Math.min(last + 1, chunks.length);
    const next = chunks[end];
    if (
      next &&
      text.length < this.chunkSize / 4 &&
      text.length + next.text.length <= this.chunkSize
    ) {
      text += next.text;
      origins += next.origins;
      end++;
    }
    chunks.splice(first, end - first, ...cut(text, origins, this.chunkSize));
    this.length += insertText.length - deleteCount;
    return removed;
  }
}

/** Splits a text into chunks of at most `size` characters, of even lengths. */
function cut(text: string, origins: string, size: number): Chunk[] {
  if (text.length === 0) return [];
  if (text.length <= size) return [{ text, origins }];
  const count = Math.ceil(text.length / size);
  const step = Math.ceil(text.length / count);
  const out: Chunk[] = [];
  // A surrogate pair may straddle two chunks: chunks are only ever joined.
  for (let at = 0; at < text.length; at += step) {
    out.push({ text: text.slice(at, at + step), origins: origins.slice(at, at + step) });
  }
  return out;
}

/** `length` copies of one origin code. */
export function originString(code: number, length: number): string {
  return length === 0 ? '' : String.fromCharCode(code).repeat(length);
}

export function joinTexts(chunks: readonly Chunk[]): string {
  return chunks.map((chunk) => chunk.text).join('');
}

export function joinOrigins(chunks: readonly Chunk[]): string {
  return chunks.map((chunk) => chunk.origins).join('');
}
