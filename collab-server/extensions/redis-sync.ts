import { Redis } from '@hocuspocus/extension-redis';

/**
 * Hocuspocus' Redis extension on REDIS_URL: instances relay each other's
 * updates and awareness, and a Redis lock lets one instance store a document
 * at a time. `prefix` namespaces the keys and channels (one per deployment,
 * one per test). The extension creates its clients with its own ioredis, so
 * the URL is handed over as options.
 */
export function createRedisSync(url: string, prefix: string): Redis {
  const parsed = new URL(url);
  const db = Number(parsed.pathname.slice(1) || 0);
  return new Redis({
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    prefix,
    options: {
      username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
      password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
      db: Number.isInteger(db) ? db : 0,
      tls: parsed.protocol === 'rediss:' ? {} : undefined,
    },
  });
}
