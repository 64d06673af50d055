/**
 * Immutable snapshots for React's useSyncExternalStore: `invalidate` marks the
 * snapshot stale and notifies once per microtask, however many Yjs and
 * awareness events arrived; `getSnapshot` rebuilds only when stale, so an
 * unchanged workspace keeps returning the same object.
 */
export class SnapshotStore<T> {
  private readonly build: () => T;
  private snapshot: T | null = null;
  private scheduled = false;
  private destroyed = false;
  private readonly listeners = new Set<() => void>();

  constructor(build: () => T) {
    this.build = build;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): T => {
    this.snapshot ??= this.build();
    return this.snapshot;
  };

  invalidate = (): void => {
    this.snapshot = null;
    if (this.scheduled || this.destroyed) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (this.destroyed) return;
      for (const listener of [...this.listeners]) listener();
    });
  };

  destroy(): void {
    this.destroyed = true;
    this.listeners.clear();
  }
}
