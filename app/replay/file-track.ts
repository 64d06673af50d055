import { type Chunk, ChunkedText, originString } from './chunked-text.ts';

/**
 * One file's life between its creation and its deletion (a rename ends one
 * track and starts another that inherits its characters): the log of its text
 * changes as invertible splices, and a snapshot of its chunk list every
 * `snapshotEvery` changes. Any state of the file is the nearest snapshot plus
 * at most `snapshotEvery / 2` changes applied forwards or backwards.
 *
 * Steps count applied updates: step s is the state after the first s updates.
 */
export class FileTrack {
  readonly id: number;
  readonly path: string;
  /** The first step at which the file exists. */
  readonly createdStep: number;
  /** The first step at which it no longer exists (Infinity while it does). */
  deletedStep = Number.POSITIVE_INFINITY;
  /** The track this one continues after a rename, if any. */
  readonly renamedFrom: FileTrack | null;
  renamedTo: FileTrack | null = null;

  private readonly snapshotEvery: number;
  private readonly chunkSize: number;
  /** Step of each change (change j at index j - 1), ascending. */
  private readonly changeSteps: number[] = [];
  /** End (exclusive) of each change's splices in the splice arrays. */
  private readonly changeEnds: number[] = [];
  private readonly positions: number[] = [];
  private readonly insertTexts: string[] = [];
  private readonly insertCodes: number[] = [];
  private readonly removedTexts: string[] = [];
  private readonly removedOrigins: string[] = [];
  /** Snapshot k is the chunk list after change k * snapshotEvery. */
  private readonly snapshots: Chunk[][] = [];
  /** The text during the index build; dropped by `seal()`. */
  private live: ChunkedText | null;

  constructor(init: {
    id: number;
    path: string;
    createdStep: number;
    initial: ChunkedText;
    renamedFrom: FileTrack | null;
    snapshotEvery: number;
    chunkSize: number;
  }) {
    this.id = init.id;
    this.path = init.path;
    this.createdStep = init.createdStep;
    this.renamedFrom = init.renamedFrom;
    this.snapshotEvery = init.snapshotEvery;
    this.chunkSize = init.chunkSize;
    this.live = init.initial;
    this.snapshots.push(init.initial.snapshot());
  }

  /** Whether the file exists at `step`. */
  existsAt(step: number): boolean {
    return this.createdStep <= step && step < this.deletedStep;
  }

  /** Number of changes recorded so far. */
  get changeCount(): number {
    return this.changeSteps.length;
  }

  /** The step of change j (1-based). */
  changeStep(j: number): number {
    return this.changeSteps[j - 1]!;
  }

  /** The text during the index build. */
  liveText(): ChunkedText {
    if (!this.live) throw new Error(`track ${this.id} is sealed`);
    return this.live;
  }

  /** Applies and records one change (an update's edits to this file) at `step`. */
  recordChange(
    step: number,
    splices: Array<[position: number, remove: number, insert: string]>,
    code: number,
  ): void {
    const live = this.liveText();
    for (const [position, remove, insert] of splices) {
      const removed = live.splice(position, remove, insert, originString(code, insert.length));
      this.positions.push(position);
      this.insertTexts.push(insert);
      this.insertCodes.push(code);
      this.removedTexts.push(removed.text);
      this.removedOrigins.push(removed.origins);
    }
    this.changeSteps.push(step);
    this.changeEnds.push(this.positions.length);
    if (this.changeSteps.length % this.snapshotEvery === 0) this.snapshots.push(live.snapshot());
  }

  /** Ends the build: the live text is no longer needed. */
  seal(): void {
    this.live = null;
  }

  /** How many of this file's changes happened at or before `step`. */
  changesUpTo(step: number): number {
    let lo = 0;
    let hi = this.changeSteps.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.changeSteps[mid]! <= step) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether one of this file's changes happened exactly at `step`. */
  changedAt(step: number): boolean {
    const j = this.changesUpTo(step);
    return j > 0 && this.changeSteps[j - 1] === step;
  }

  /** The file after its first `j` changes, from the nearer snapshot. */
  textAfter(j: number): ChunkedText {
    const k = this.snapshotEvery;
    const below = Math.floor(j / k);
    const above = below + 1;
    if (j % k > k / 2 && above < this.snapshots.length) {
      const text = new ChunkedText(this.snapshots[above]!, this.chunkSize);
      for (let c = above * k; c > j; c--) this.undo(text, c);
      return text;
    }
    const text = new ChunkedText(this.snapshots[below]!, this.chunkSize);
    for (let c = below * k + 1; c <= j; c++) this.redo(text, c);
    return text;
  }

  /** Applies change j (1-based) to a text that is in the state after change j - 1. */
  redo(text: ChunkedText, j: number): void {
    const from = j === 1 ? 0 : this.changeEnds[j - 2]!;
    const to = this.changeEnds[j - 1]!;
    for (let i = from; i < to; i++) {
      const insert = this.insertTexts[i]!;
      const code = this.insertCodes[i]!;
      text.splice(
        this.positions[i]!,
        this.removedTexts[i]!.length,
        insert,
        originString(code, insert.length),
      );
    }
  }

  /** Undoes change j (1-based) on a text that is in the state after change j. */
  undo(text: ChunkedText, j: number): void {
    const from = j === 1 ? 0 : this.changeEnds[j - 2]!;
    const to = this.changeEnds[j - 1]!;
    for (let i = to - 1; i >= from; i--) {
      text.splice(
        this.positions[i]!,
        this.insertTexts[i]!.length,
        this.removedTexts[i]!,
        this.removedOrigins[i]!,
      );
    }
  }

  /** Characters inserted and removed by changes j0 + 1 … j1, per origin code. */
  countEdits(j0: number, j1: number, inserted: Map<number, number>): number {
    let removed = 0;
    const from = j0 === 0 ? 0 : this.changeEnds[j0 - 1]!;
    const to = j1 === 0 ? 0 : this.changeEnds[j1 - 1]!;
    for (let i = from; i < to; i++) {
      const code = this.insertCodes[i]!;
      inserted.set(code, (inserted.get(code) ?? 0) + this.insertTexts[i]!.length);
      removed += this.removedTexts[i]!.length;
    }
    return removed;
  }
}
