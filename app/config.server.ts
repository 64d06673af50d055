import { z } from 'zod';
import { envField, parseEnv, withUrlsFromPorts } from '../protocol/env.ts';

const pricingTable = z.record(
  z.string(),
  z.object({ input: z.number().min(0), output: z.number().min(0) }),
);

const schema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: envField.port(3000),
  /** The address people open; used in e-mails and printed at start. */
  PUBLIC_URL: envField.url().default('http://localhost:3000'),
  /** WebSocket URL of the collab-server as the browser reaches it. */
  COLLAB_PUBLIC_URL: z.string().default('ws://localhost:3001'),
  /** WebSocket URL of the collab-server as the app itself reaches it (server side). */
  COLLAB_URL: z.string().default('ws://127.0.0.1:3001'),
  /** HTTP URL of the sandbox bridge as the app reaches it. */
  BRIDGE_URL: envField.url().default('http://127.0.0.1:3002'),
  /**
   * Every sandbox bridge, comma-separated (decision 024): a session's calls go
   * to its owner, sessions nobody owns spread over these. Unset: BRIDGE_URL.
   */
  BRIDGE_URLS: z.string().optional(),
  /** WebSocket URL of the bridge (terminal) as the browser reaches it. */
  BRIDGE_PUBLIC_URL: z.string().default('ws://localhost:3002'),
  DATABASE_URL: envField.postgresUrl(),
  PGLITE_DIR: z.string().default('.data/pglite'),
  TANDEM_SECRET: envField.secret(),
  ANTHROPIC_API_KEY: z.string().optional(),
  ANTHROPIC_BASE_URL: envField.url().optional(),
  ANTHROPIC_MODEL: z.string().default('claude-sonnet-5-5'),
  /** USD per million tokens by model, JSON: {"model": {"input": 3, "output": 15}}; merged over the defaults. */
  AI_PRICING: z
    .string()
    .default('{}')
    .transform((value, ctx) => {
      try {
        return pricingTable.parse(JSON.parse(value));
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'must be JSON like {"model": {"input": 3, "output": 15}}',
        });
        return z.NEVER;
      }
    }),
  /** USD per minute of a live sandbox. */
  SANDBOX_COST_PER_MINUTE: z.coerce.number().min(0).default(0.0055),
  /** Days an archive is kept (the bridge deletes it after); costs count that storage. */
  ARCHIVE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** USD per GB-month of archive storage. */
  ARCHIVE_COST_PER_GB_MONTH: z.coerce.number().min(0).default(0.023),
  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: envField.url().optional(),
  EMAIL_FROM: z.string().default('Tandem <interviews@tandem.local>'),
  GITHUB_CLIENT_ID: z.string().optional(),
  GITHUB_CLIENT_SECRET: z.string().optional(),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  /** How often the server looks for interviews whose time is up (ms). */
  DEADLINE_CHECK_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** Lets anyone create an account through /api/auth/sign-up/email; otherwise only invitations do. */
  TANDEM_OPEN_SIGNUP: envField.boolean(false),
  /** Lifetime of an observer's session token; the observe page renews it before then. */
  OBSERVER_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(300),
  /** How often the app looks for queued AI reviews of submitted interviews (ms). */
  REVIEW_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
  /** Seed the demo organization on an empty database. */
  SEED_DEMO: envField.boolean(true),
  /**
   * Proxies in front of the app whose X-Forwarded-For is believed, comma
   * separated: addresses, CIDR ranges, or loopback / linklocal / uniquelocal
   * (Express's "trust proxy"). The client's address (sign-in throttling, logs)
   * is then the last address in X-Forwarded-For not added by one of them;
   * unset, it is the socket's peer and the header is ignored (a client could
   * otherwise name any address to escape the throttle).
   */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    ),
  /** Bearer token for /metrics; unset, only loopback clients may read it. */
  METRICS_TOKEN: z.string().min(16).optional(),
  LOG_LEVEL: envField.logLevel(),
});

export type AppConfig = z.infer<typeof schema>;

/** Reads the app's configuration; throws ConfigError naming bad variables. */
export function loadAppConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  return parseEnv(schema, withUrlsFromPorts(env), 'app');
}

export const appEnvNames = Object.keys(schema.shape);
