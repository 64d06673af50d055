import pino, { type DestinationStream, type Logger } from 'pino';
import { logContextFields } from './log-context.ts';

export type { DestinationStream, Logger };

/** Keys whose values are secrets or candidate content, at the top level and one level down. */
const REDACTED_KEYS = [
  'token',
  'authorization',
  'cookie',
  'password',
  'secret',
  'apiKey',
  'accessToken',
  'refreshToken',
  // Candidate content: file text, file maps, Yjs updates (they hold the text), AI prompts.
  'content',
  'files',
  'update',
  'prompt',
  'code',
];

const REDACT_PATHS = [
  ...REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]),
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
];

/** An error code such as SANDBOX_FAILED: `code` means that as often as candidate code. */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

function censor(value: unknown, path: string[]): unknown {
  if (path.at(-1) === 'code' && typeof value === 'string' && ERROR_CODE.test(value)) return value;
  return '[redacted]';
}

/**
 * Structured JSON logs, one logger per service. Secrets and candidate code are
 * redacted by key so a careless `log.info({ req })` cannot leak them, and
 * every line written while a request or connection is handled carries its
 * id (protocol/log-context.ts). `destination` is for tests that read the lines.
 */
export function createLogger(
  service: string,
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => ({ ...logContextFields() }),
    redact: { paths: REDACT_PATHS, censor },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that writes nothing, for tests and tools. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
