/**
 * A token bucket: `capacity` tokens, refilled at `perSecond`. `take(n)`
 * spends n tokens when there are enough and says whether it could;
 * `take(n, true)` spends them anyway, into debt (a penalty).
 * `now` is injectable so tests need not wait.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  private readonly perSecond: number;
  private readonly now: () => number;

  constructor(
    capacity: number,
    perSecond: number,
    now: () => number = performance.now.bind(performance),
  ) {
    this.capacity = capacity;
    this.perSecond = perSecond;
    this.now = now;
    this.tokens = capacity;
    this.last = now();
  }

  take(count = 1, evenIfShort = false): boolean {
    this.refill();
    if (this.tokens < count && !evenIfShort) return false;
    this.tokens -= count;
    return this.tokens >= 0;
  }

  /** Whether the bucket has refilled completely. */
  isFull(): boolean {
    this.refill();
    return this.tokens >= this.capacity;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((now - this.last) / 1000) * this.perSecond,
    );
    this.last = now;
  }
}
