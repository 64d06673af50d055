import { TokenBucket } from './token-bucket.ts';

/** Lookups between two sweeps of refilled budgets. */
const SWEEP_EVERY = 1024;

/**
 * One token bucket per document name, kept across the document's unloads
 * and loads: a budget belongs to the document, not to one loaded copy of it,
 * so reconnecting (which reloads a document nobody else has open) does not
 * buy a fresh burst. A bucket that has refilled completely is forgotten, as
 * a new one would be the same.
 */
export class DocumentBudgets {
  private readonly budgets = new Map<string, TokenBucket>();
  private readonly capacity: number;
  private readonly perSecond: number;
  private readonly now: () => number;
  private lookups = 0;

  constructor(
    capacity: number,
    perSecond: number,
    now: () => number = performance.now.bind(performance),
  ) {
    this.capacity = capacity;
    this.perSecond = perSecond;
    this.now = now;
  }

  of(name: string): TokenBucket {
    if (++this.lookups % SWEEP_EVERY === 0) this.sweep();
    let budget = this.budgets.get(name);
    if (!budget) {
      budget = new TokenBucket(this.capacity, this.perSecond, this.now);
      this.budgets.set(name, budget);
    }
    return budget;
  }

  /** Budgets held now (for tests: refilled ones do not accumulate). */
  get size(): number {
    return this.budgets.size;
  }

  sweep(): void {
    for (const [name, budget] of this.budgets) if (budget.isFull()) this.budgets.delete(name);
  }
}
