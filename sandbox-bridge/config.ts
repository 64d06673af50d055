import { z } from 'zod';
import { envField, parseEnv, withUrlsFromPorts } from '../protocol/env.ts';

const schema = z.object({
  BRIDGE_HOST: z.string().default('127.0.0.1'),
  BRIDGE_PORT: envField.port(3002),
  /**
   * How the app and the other bridges reach this one (decision 024), e.g.
   * http://bridge-2:3002; by default http://BRIDGE_HOST:BRIDGE_PORT.
   */
  BRIDGE_ADVERTISE_URL: z.string().url().optional(),
  /** How long a session lease lasts unrenewed: a dead bridge's sessions move after about this long. */
  SESSION_LEASE_MS: z.coerce.number().int().min(1000).max(300_000).default(10_000),
  DATABASE_URL: envField.postgresUrl(),
  PGLITE_DIR: z.string().default('.data/pglite'),
  TANDEM_SECRET: envField.secret(),
  /** Where the bridge reaches the collab-server when it runs as its own process. */
  COLLAB_URL: z.string().default('ws://127.0.0.1:3001'),
  SANDBOX_DRIVER: z.enum(['local', 'modal']).default('local'),
  SANDBOX_DIR: z.string().default('.data/sandboxes'),
  /** Runs candidates' code on this machine without bubblewrap: never in production. */
  TANDEM_UNSAFE_UNISOLATED_SANDBOX: envField.boolean(false),
  /** Disk each local sandbox's workspace may use, MiB (a watchdog kills its processes beyond). */
  SANDBOX_DISK_MB: z.coerce.number().int().min(1).max(1_048_576).default(256),
  MODAL_TOKEN_ID: z.string().optional(),
  MODAL_TOKEN_SECRET: z.string().optional(),
  MODAL_APP_NAME: z.string().default('tandem'),
  /** The mirror's last agreed state per session file, for merging after a crash. */
  MIRROR_STATE_DIR: z.string().default('.data/mirror'),
  ARCHIVE_DIR: z.string().default('.data/archive'),
  ARCHIVE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  S3_BUCKET: z.string().optional(),
  S3_ENDPOINT: z.string().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Bearer token for /metrics; unset, only loopback clients may read it. */
  METRICS_TOKEN: z.string().min(16).optional(),
  LOG_LEVEL: envField.logLevel(),
});

export type BridgeConfig = z.infer<typeof schema>;

/** Reads the bridge's configuration; throws ConfigError naming bad variables. */
export function loadBridgeConfig(
  env: Record<string, string | undefined> = process.env,
): BridgeConfig {
  const config = parseEnv(schema, withUrlsFromPorts(env), 'sandbox-bridge');
  if (config.SANDBOX_DRIVER === 'modal' && !(config.MODAL_TOKEN_ID && config.MODAL_TOKEN_SECRET)) {
    return parseEnv(
      schema.refine(() => false, {
        path: ['MODAL_TOKEN_ID'],
        message: 'MODAL_TOKEN_ID and MODAL_TOKEN_SECRET are required when SANDBOX_DRIVER=modal',
      }),
      env,
      'sandbox-bridge',
    );
  }
  return config;
}

export const bridgeEnvNames = Object.keys(schema.shape);

const archiveSchema = schema.pick({
  DATABASE_URL: true,
  PGLITE_DIR: true,
  ARCHIVE_DIR: true,
  ARCHIVE_RETENTION_DAYS: true,
  S3_BUCKET: true,
  S3_ENDPOINT: true,
  S3_REGION: true,
  S3_ACCESS_KEY_ID: true,
  S3_SECRET_ACCESS_KEY: true,
  LOG_LEVEL: true,
});
export type ArchiveConfig = z.infer<typeof archiveSchema>;

/** Only the archive's variables: the retention job needs no secret and no sandbox. */
export function loadArchiveConfig(
  env: Record<string, string | undefined> = process.env,
): ArchiveConfig {
  return parseEnv(archiveSchema, env, 'archive retention');
}
