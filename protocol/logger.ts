import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs, one logger per service. Secrets and candidate code are
 * redacted by key so a careless `log.info({ req })` cannot leak them.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'token',
        '*.token',
        'authorization',
        '*.authorization',
        'headers.authorization',
        'headers.cookie',
        'req.headers.authorization',
        'req.headers.cookie',
        'password',
        '*.password',
        'secret',
        '*.secret',
        'apiKey',
        '*.apiKey',
        'content',
        '*.content',
        'code',
        '*.code',
      ],
      censor: '[redacted]',
    },
  });
}

/** A logger that writes nothing, for tests and tools. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
