import { performance } from 'node:perf_hooks';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import { DurableSaveTracker } from '../../app/editor/durable-saves.ts';

/**
 * Times a candidate's keystrokes to their acknowledgements (decision 016):
 * `applied` when the provider's unsynced counter is back to 0 (the server
 * applied them in memory: what the page's "saved" showed before), `durable`
 * when a `saved` answer covers the keystroke (it is in the database). Each
 * keystroke is timed to the first answer that covers it, not to the next
 * moment when nothing at all is waiting: someone typing without a pause has
 * changes waiting at every instant (decision 020, pass 5).
 */
export class AckProbe {
  readonly applied: number[] = [];
  readonly durable: number[] = [];
  private waitingApplied: number[] = [];
  /** Keystrokes not yet confirmed: when typed, and the tracker's change count after them. */
  private waitingDurable: { at: number; change: number }[] = [];
  private readonly tracker: DurableSaveTracker;

  constructor(provider: HocuspocusProvider) {
    this.tracker = new DurableSaveTracker(provider, () => this.onSaves());
    provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (number !== 0) return;
      const now = performance.now();
      for (const at of this.waitingApplied) this.applied.push(now - at);
      this.waitingApplied = [];
    });
  }

  /** Called right after each keystroke's transaction. */
  typed(): void {
    const now = performance.now();
    this.waitingApplied.push(now);
    this.waitingDurable.push({ at: now, change: this.tracker.changeCount });
  }

  destroy(): void {
    this.tracker.destroy();
  }

  private onSaves(): void {
    const confirmed = this.tracker.confirmed;
    const now = performance.now();
    let covered = 0;
    while (
      covered < this.waitingDurable.length &&
      this.waitingDurable[covered]!.change <= confirmed
    ) {
      this.durable.push(now - this.waitingDurable[covered]!.at);
      covered += 1;
    }
    if (covered > 0) this.waitingDurable = this.waitingDurable.slice(covered);
  }
}
