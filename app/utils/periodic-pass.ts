import type { Logger } from '../../protocol/logger.ts';

/** A background pass run every few seconds, one at a time in this process. */
export interface PeriodicPass {
  /** One pass now, or the one already running (tests call it directly). */
  tick(): Promise<void>;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `intervalMs` (the timer never keeps the process alive),
 * never two at once; a failed pass is logged as `failure` and the next one
 * runs on schedule. The deadline watcher and the review worker use it.
 */
export function startPeriodicPass(
  pass: () => Promise<unknown>,
  intervalMs: number,
  logger: Logger,
  failure: string,
): PeriodicPass {
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= pass()
      .then(() => {})
      .catch((error: unknown) => logger.error({ err: error }, failure))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return {
    tick,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
