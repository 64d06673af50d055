import { z } from 'zod';
import { envField, parseEnv } from '../protocol/env.ts';

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
  /** WebSocket URL of the bridge (terminal) as the browser reaches it. */
  BRIDGE_PUBLIC_URL: z.string().default('ws://localhost:3002'),
  DATABASE_URL: envField.postgresUrl(),
  PGLITE_DIR: z.string().default('.data/pglite'),
  TANDEM_SECRET: envField.secret(),
  ANTHROPIC_API_KEY: z.string().optional(),
  ANTHROPIC_BASE_URL: envField.url().optional(),
  ANTHROPIC_MODEL: z.string().default('claude-sonnet-5-5'),
  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: envField.url().optional(),
  EMAIL_FROM: z.string().default('Tandem <interviews@tandem.local>'),
  GITHUB_CLIENT_ID: z.string().optional(),
  GITHUB_CLIENT_SECRET: z.string().optional(),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  /** How often the server looks for interviews whose time is up (ms). */
  DEADLINE_CHECK_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** Seed the demo organization on an empty database. */
  SEED_DEMO: envField.boolean(true),
  LOG_LEVEL: envField.logLevel(),
});

export type AppConfig = z.infer<typeof schema>;

/** Reads the app's configuration; throws ConfigError naming bad variables. */
export function loadAppConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  return parseEnv(schema, env, 'app');
}

export const appEnvNames = Object.keys(schema.shape);
