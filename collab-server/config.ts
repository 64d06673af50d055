import { z } from 'zod';
import { envField, parseEnv } from '../protocol/env.ts';

const schema = z.object({
  COLLAB_HOST: z.string().default('127.0.0.1'),
  COLLAB_PORT: envField.port(3001),
  DATABASE_URL: envField.postgresUrl(),
  PGLITE_DIR: z.string().default('.data/pglite'),
  TANDEM_SECRET: envField.secret(),
  REDIS_URL: z
    .string()
    .refine((value) => /^rediss?:\/\//.test(value) && URL.canParse(value), {
      message: 'must be a redis:// or rediss:// URL',
    })
    .optional(),
  /** Namespace of Redis keys and channels: one per deployment sharing a Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, { message: 'must be 1-64 letters, digits, ":", "_" or "-"' })
    .default('tandem'),
  /** Flush the history log at least this often (ms). */
  HISTORY_FLUSH_MS: z.coerce.number().int().min(5).max(10_000).default(100),
  /** …or as soon as this many updates are waiting. */
  HISTORY_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /**
   * Group-commit window of durable acknowledgements (ms, decision 016/020): a
   * `save-check` starts a history flush at most this far away (never later
   * than HISTORY_FLUSH_MS). The default waits for the regular flush: clients
   * check at most every 500 ms, and a flush per check was most of the
   * database's work per keystroke.
   */
  DURABLE_ACK_WINDOW_MS: z.coerce.number().int().min(0).max(1000).default(100),
  /** Write a full-state checkpoint every N updates of a document. */
  CHECKPOINT_EVERY: z.coerce.number().int().min(10).max(1_000_000).default(1000),
  /** Bearer token for /metrics; unset, only loopback clients may read it. */
  METRICS_TOKEN: z.string().min(16).optional(),
  LOG_LEVEL: envField.logLevel(),
});

export type CollabConfig = z.infer<typeof schema>;

/** Reads the collab-server's configuration; throws ConfigError naming bad variables. */
export function loadCollabConfig(
  env: Record<string, string | undefined> = process.env,
): CollabConfig {
  return parseEnv(schema, env, 'collab-server');
}

export const collabEnvNames = Object.keys(schema.shape);
