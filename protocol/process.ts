import { ConfigError } from './env.ts';
import type { Logger } from './logger.ts';

export interface Stoppable {
  close(): Promise<void>;
}

interface CodedError extends Error {
  code: string;
}

function isCodedError(error: unknown): error is CodedError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/**
 * Runs a service's start function as a process: a configuration or database
 * problem prints one clear message and exits 1 (no stack trace); SIGINT and
 * SIGTERM close what was started and exit 0, or 1 if closing takes over 5 s.
 */
export async function runMain(
  name: string,
  logger: Logger,
  start: () => Promise<Stoppable>,
): Promise<void> {
  let running: Stoppable;
  try {
    running = await start();
  } catch (error) {
    if (error instanceof ConfigError || isCodedError(error)) {
      const code = error instanceof ConfigError ? 'CONFIG_INVALID' : error.code;
      process.stderr.write(`${name}: ${error.message}\n`);
      logger.fatal({ code }, `${name} could not start`);
    } else {
      process.stderr.write(`${name}: could not start: ${String(error)}\n`);
      logger.fatal({ err: error }, `${name} could not start`);
    }
    process.exit(1);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${name} stopping`);
    const timer = setTimeout(() => {
      logger.error(`${name} did not stop within 5 s`);
      process.exit(1);
    }, 5000);
    timer.unref();
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, `${name} failed to stop cleanly`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
