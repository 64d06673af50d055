import { z } from 'zod';

/** A configuration value is missing or wrong; the message names the variable. */
export class ConfigError extends Error {
  readonly variables: string[];
  constructor(variables: string[], message: string) {
    super(message);
    this.name = 'ConfigError';
    this.variables = variables;
  }
}

/**
 * Parses environment variables with a zod object schema whose keys are the
 * variable names. Throws a ConfigError that names each bad variable.
 */
export function parseEnv<S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined>,
  service: string,
): z.infer<S> {
  const input: Record<string, string | undefined> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = env[name];
    input[name] = value === '' ? undefined : value;
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '?');
    return `  ${name}: ${issue.message}`;
  });
  const names = [...new Set(result.error.issues.map((issue) => String(issue.path[0] ?? '?')))];
  throw new ConfigError(names, `Invalid configuration for ${service}:\n${lines.join('\n')}`);
}

/** Common field helpers so every service reads the same way. */
export const envField = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  postgresUrl: () =>
    z
      .string()
      .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
        message: 'must be a postgres:// or postgresql:// URL',
      })
      .optional(),
  url: () => z.url({ message: 'must be a URL' }),
  boolean: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((value) => value === 'true' || value === '1' || value === 'yes'),
  secret: () => z.string().min(32, { message: 'must be at least 32 characters' }),
  logLevel: () =>
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

/**
 * The services' URLs follow their ports unless set: with only `PORT=3300`,
 * PUBLIC_URL is http://localhost:3300 (what `npm start` prints and e-mails
 * link to), and COLLAB_PORT / BRIDGE_PORT move the collab-server's and the
 * bridge's URLs likewise. A port that is not a number is left for the
 * schema to refuse.
 */
export function withUrlsFromPorts(
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const port = (name: string) => {
    const value = env[name];
    return value && /^\d+$/.test(value) ? value : null;
  };
  const derived: Record<string, string | undefined> = {};
  const app = port('PORT');
  const collab = port('COLLAB_PORT');
  const bridge = port('BRIDGE_PORT');
  if (app) derived.PUBLIC_URL = `http://localhost:${app}`;
  if (collab) {
    derived.COLLAB_PUBLIC_URL = `ws://localhost:${collab}`;
    derived.COLLAB_URL = `ws://127.0.0.1:${collab}`;
  }
  if (bridge) {
    derived.BRIDGE_URL = `http://127.0.0.1:${bridge}`;
    derived.BRIDGE_PUBLIC_URL = `ws://localhost:${bridge}`;
  }
  const out = { ...env };
  for (const [name, value] of Object.entries(derived)) if (!env[name]) out[name] = value;
  return out;
}
