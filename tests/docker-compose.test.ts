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
  depends_on?: Record<string, unknown> | string[];
  deploy?: { replicas?: number };
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
  {
    name: 'sandbox-bridge',
    entry: 'sandbox-bridge/main.ts',
    names: bridgeEnvNames,
    load: loadBridgeConfig,
    port: 'BRIDGE_PORT',
  },
] as const;

describe('docker-compose.yml', () => {
  it('has postgres, redis, the three services and the edge proxy', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['app', 'collab-server', 'edge', 'postgres', 'redis', 'sandbox-bridge'].sort(),
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
    });
  }

  it('runs several collab-server replicas kept in sync through Redis', () => {
    const collab = compose.services['collab-server']!;
    expect(collab.deploy?.replicas).toBeGreaterThan(1);
    expect(collab.environment?.REDIS_URL).toBe('redis://redis:6379');
  });

  it('points the app and the bridge at the other services by their compose names and ports', () => {
    const app = interpolate(compose.services.app!.environment ?? {});
    const bridge = interpolate(compose.services['sandbox-bridge']!.environment ?? {});
    expect(app.BRIDGE_URL).toBe('http://sandbox-bridge:3002');
    expect(bridge.COLLAB_URL).toBe('ws://collab-server:3001');
  });

  it('routes the edge proxy to the services on the ports they expose', () => {
    const nginx = readFileSync('docker/nginx.conf', 'utf8');
    expect(nginx).toContain('http://app:3000');
    expect(nginx).toContain('http://collab-server:3001');
    expect(nginx).toContain('http://sandbox-bridge:3002');
  });
});
