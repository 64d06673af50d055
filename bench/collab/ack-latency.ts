import { performance } from 'node:perf_hooks';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import { DurableSaveTracker } from '../../app/editor/durable-saves.ts';

/**
 * Times a candidate's keystrokes to their acknowledgements (decision 016):
 * `applied` when the provider's unsynced counter is back to 0 (the server
 * applied them in memory: what the page's "saved" showed before), `durable`
 * when the server's `saved` answer covers them (they are in the database).
 */
export class AckProbe {
  readonly applied: number[] = [];
  readonly durable: number[] = [];
  private waitingApplied: number[] = [];
  private waitingDurable: number[] = [];
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
    this.waitingDurable.push(now);
  }

  destroy(): void {
    this.tracker.destroy();
  }

  private onSaves(): void {
    if (!this.tracker.saved) return;
    const now = performance.now();
    for (const at of this.waitingDurable) this.durable.push(now - at);
    this.waitingDurable = [];
  }
}
