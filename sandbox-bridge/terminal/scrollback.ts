/**
 * The recent output of a terminal, bounded in characters, replayed to a
 * client that (re)connects. Old chunks are dropped whole; the oldest kept
 * chunk is cut at a line start when it must be cut, so a reconnect rarely
 * begins in the middle of an escape sequence.
 */
export class Scrollback {
  private readonly limit: number;
  private chunks: string[] = [];
  private size = 0;

  constructor(limitChars = 64 * 1024) {
    this.limit = limitChars;
  }

  push(data: string): void {
    this.chunks.push(data);
    this.size += data.length;
    while (this.size > this.limit && this.chunks.length > 0) {
      const first = this.chunks[0]!;
      const excess = this.size - this.limit;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
        continue;
      }
      const newline = first.indexOf('\n', excess);
      const cut = newline >= 0 ? newline + 1 : excess;
      this.chunks[0] = first.slice(cut);
      this.size -= cut;
    }
  }

  toString(): string {
    return this.chunks.join('');
  }

  get length(): number {
    return this.size;
  }
}
