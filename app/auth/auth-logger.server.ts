import type { Logger } from '../../protocol/logger.ts';

type AuthLogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * better-auth's `logger` option, writing through pino: its own logger prints
 * coloured plain text (`WARN [Better Auth]: Invalid password`) to the console.
 */
export function authLogger(logger: Logger) {
  const log = logger.child({ component: 'better-auth' });
  return {
    level: 'info' as const,
    disableColors: true,
    log: (level: AuthLogLevel, message: string, ...args: unknown[]) => {
      const err = args.find((arg) => arg instanceof Error);
      const details = args.filter((arg) => arg !== err);
      log[level]({ ...(err ? { err } : {}), ...(details.length ? { details } : {}) }, message);
    },
  };
}
