import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { appEnvNames, loadAppConfig } from '../app/config.server.ts';
import { collabEnvNames, loadCollabConfig } from '../collab-server/config.ts';
import { bridgeEnvNames, loadBridgeConfig } from '../sandbox-bridge/config.ts';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  expose?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  deploy?: { replicas?: number };
  restart?: string;
  healthcheck?: { test?: string[]; start_period?: string };
  volumes?: string[];
  cap_add?: string[];
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

/** Compose interpolation with the defaults written in the file (`${X:-default}`). */
function interpolate(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [
      key,
      String(value)
        .replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')
        .replace(/\$\{TANDEM_SECRET:\?[^}]*\}/, 'x'.repeat(40)),
    ]),
  );
}

const services = [
  {
    name: 'app',
    entry: 'app/server/main.ts',
    names: appEnvNames,
    load: loadAppConfig,
    port: 'PORT',
  },
  {
    name: 'collab-server',
    entry: 'collab-server/main.ts',
    names: collabEnvNames,
    load: loadCollabConfig,
    port: 'COLLAB_PORT',
  },
  ...['sandbox-bridge-1', 'sandbox-bridge-2'].map((name) => ({
    name,
    entry: 'sandbox-bridge/main.ts',
    names: bridgeEnvNames,
    load: loadBridgeConfig,
    port: 'BRIDGE_PORT',
  })),
] as const;

const BRIDGES = ['sandbox-bridge-1', 'sandbox-bridge-2'];

/** A service's dependencies and the condition each waits for. */
function dependencies(name: string): Record<string, string | undefined> {
  const dependsOn = compose.services[name]?.depends_on ?? {};
  if (Array.isArray(dependsOn))
    return Object.fromEntries(dependsOn.map((dep) => [dep, 'service_started']));
  return Object.fromEntries(
    Object.entries(dependsOn).map(([dep, spec]) => [dep, spec.condition ?? 'service_started']),
  );
}

describe('docker-compose.yml', () => {
  it('has postgres, redis, the three services and the edge proxy', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'app',
        'collab-server',
        'edge',
        'postgres',
        'redis',
        'sandbox-bridge-1',
        'sandbox-bridge-2',
      ].sort(),
    );
  });

  for (const service of services) {
    describe(service.name, () => {
      const definition = compose.services[service.name]!;
      const env = interpolate(definition.environment ?? {});

      it('starts its own entry point', () => {
        expect(definition.command).toEqual(['node', service.entry]);
      });

      it('sets only variables its configuration module reads', () => {
        const unknown = Object.keys(env).filter(
          (name) => !(service.names as readonly string[]).includes(name),
        );
        expect(unknown).toEqual([]);
      });

      it('passes its configuration validation with the compose values', () => {
        const withModal = { ...env, MODAL_TOKEN_ID: 'id', MODAL_TOKEN_SECRET: 'secret' };
        expect(() => service.load(withModal)).not.toThrow();
      });

      it('exposes the port it listens on and listens on all interfaces', () => {
        expect(definition.expose).toContain(env[service.port]);
        expect(Object.values(env)).toContain('0.0.0.0');
      });

      it('uses Postgres, not the embedded database', () => {
        expect(env.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
      });

      it('restarts unless stopped, and is healthy only when its own /readyz answers', () => {
        expect(definition.restart).toBe('unless-stopped');
        const probe = definition.healthcheck?.test?.join(' ') ?? '';
        expect(probe).toContain(`http://127.0.0.1:${env[service.port]}/readyz`);
        expect(definition.healthcheck?.start_period).toBeDefined();
      });

      it('starts once Postgres is healthy', () => {
        expect(dependencies(service.name).postgres).toBe('service_healthy');
      });
    });
  }

  it('runs several collab-server replicas kept in sync through Redis', () => {
    const collab = compose.services['collab-server']!;
    expect(collab.deploy?.replicas).toBeGreaterThan(1);
    expect(collab.environment?.REDIS_URL).toBe('redis://redis:6379');
  });

  it('runs two app replicas and two bridges; the app knows every bridge, each bridge its own URL', () => {
    expect(compose.services.app!.deploy?.replicas).toBe(2);
    const app = interpolate(compose.services.app!.environment ?? {});
    const bridgeUrls = BRIDGES.map((name) => `http://${name}:3002`);
    expect(app.BRIDGE_URLS?.split(',')).toEqual(bridgeUrls);
    expect(bridgeUrls).toContain(app.BRIDGE_URL);
    expect(() => loadAppConfig(app)).not.toThrow();
    for (const [index, name] of BRIDGES.entries()) {
      const bridge = interpolate(compose.services[name]!.environment ?? {});
      expect(bridge.COLLAB_URL).toBe('ws://collab-server:3001');
      // Another bridge and the app reach it there: the lease table stores this URL.
      expect(bridge.BRIDGE_ADVERTISE_URL).toBe(bridgeUrls[index]);
      expect(loadBridgeConfig(bridge).SESSION_LEASE_MS).toBeGreaterThanOrEqual(1000);
    }
  });

  it('gives the bridges one shared data volume: sandboxes, mirror state and archives move with a session', () => {
    const [first, second] = BRIDGES.map((name) => compose.services[name]!);
    expect(first!.volumes).toEqual(second!.volumes);
    expect(first!.volumes?.[0]).toMatch(/^sandbox-data:/);
    const env = interpolate(first!.environment ?? {});
    for (const key of ['SANDBOX_DIR', 'MIRROR_STATE_DIR', 'ARCHIVE_DIR']) {
      expect(env[key], key).toMatch(/^\/srv\/tandem\/\.data\//);
    }
    expect(second!.cap_add).toEqual(first!.cap_add);
    expect(second!.healthcheck).toEqual(first!.healthcheck);
  });

  it('routes the edge proxy to the services on the ports they expose, the terminal to every bridge', () => {
    const nginx = readFileSync('docker/nginx.conf', 'utf8');
    expect(nginx).toContain('http://app:3000');
    expect(nginx).toContain('http://collab-server:3001');
    const upstream = /upstream sandbox_bridges \{([^}]*)\}/.exec(nginx)?.[1] ?? '';
    expect(upstream.match(/server [^;]+;/g)).toEqual(BRIDGES.map((name) => `server ${name}:3002;`));
    const terminal = /location \/terminal \{([^}]*)\}/.exec(nginx)?.[1] ?? '';
    expect(terminal).toContain('proxy_pass http://sandbox_bridges;');
    expect(terminal).toContain('proxy_set_header Upgrade $http_upgrade;');
  });

  it('starts in order, each service waiting until what it talks to is healthy', () => {
    expect(dependencies('collab-server')).toEqual({
      postgres: 'service_healthy',
      redis: 'service_healthy',
    });
    for (const name of BRIDGES) {
      expect(dependencies(name)).toEqual({
        postgres: 'service_healthy',
        'collab-server': 'service_healthy',
      });
    }
    const bridgesHealthy = Object.fromEntries(BRIDGES.map((name) => [name, 'service_healthy']));
    expect(dependencies('app')).toEqual({
      postgres: 'service_healthy',
      'collab-server': 'service_healthy',
      ...bridgesHealthy,
    });
    expect(dependencies('edge')).toEqual({
      app: 'service_healthy',
      'collab-server': 'service_healthy',
      ...bridgesHealthy,
    });
    for (const name of ['postgres', 'redis', 'edge']) {
      expect(compose.services[name]?.restart, name).toBe('unless-stopped');
    }
  });

  // It defaulted to SANDBOX_DRIVER=modal with empty tokens and exited.
  it('runs the bridge with a driver that works without Modal tokens: local, bubblewrap in the image', () => {
    const bridge = compose.services['sandbox-bridge-1']!;
    const env = interpolate(bridge.environment ?? {});
    expect(env.SANDBOX_DRIVER).toBe('local');
    expect(() => loadBridgeConfig(env)).not.toThrow();
    expect(bridge.volumes?.some((volume) => volume.endsWith(':/srv/tandem/.data'))).toBe(true);
    expect(env.SANDBOX_DIR).toMatch(/^\/srv\/tandem\/\.data\//);
    // bubblewrap creates namespaces inside the container.
    expect(bridge.cap_add).toContain('SYS_ADMIN');
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/apt-get install[^\n]*\bbubblewrap\b/);
  });

  it('asks for Modal tokens by name when the bridge is switched to Modal without them', () => {
    const env = interpolate(compose.services['sandbox-bridge-1']!.environment ?? {});
    expect(() => loadBridgeConfig({ ...env, SANDBOX_DRIVER: 'modal' })).toThrow(
      /MODAL_TOKEN_ID and MODAL_TOKEN_SECRET are required/,
    );
  });

  it('seeds no demo, so the first owner comes from the admin command or the setup page', () => {
    const app = interpolate(compose.services.app!.environment ?? {});
    expect(app.SEED_DEMO).toBe('false');
    expect(readFileSync('docker-compose.yml', 'utf8')).toContain(
      'docker compose run --rm app node scripts/admin.ts create-owner --email',
    );
  });
});
