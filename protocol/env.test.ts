import { describe, expect, it } from 'vitest';
import { loadAppConfig } from '../app/config.server.ts';
import { loadBridgeConfig } from '../sandbox-bridge/config.ts';
import { withUrlsFromPorts } from './env.ts';

const secret = { TANDEM_SECRET: 'a-test-secret-that-is-long-enough-0123456789' };

describe('URLs that follow the ports', () => {
  it('moves every URL with its port when the URL is not set', () => {
    const app = loadAppConfig({
      ...secret,
      PORT: '3300',
      COLLAB_PORT: '3301',
      BRIDGE_PORT: '3302',
    });
    expect(app).toMatchObject({
      PUBLIC_URL: 'http://localhost:3300',
      COLLAB_PUBLIC_URL: 'ws://localhost:3301',
      COLLAB_URL: 'ws://127.0.0.1:3301',
      BRIDGE_URL: 'http://127.0.0.1:3302',
      BRIDGE_PUBLIC_URL: 'ws://localhost:3302',
    });
    expect(loadBridgeConfig({ ...secret, COLLAB_PORT: '3301' }).COLLAB_URL).toBe(
      'ws://127.0.0.1:3301',
    );
  });

  it('keeps a URL that is set, and the defaults without ports', () => {
    const app = loadAppConfig({
      ...secret,
      PORT: '3300',
      PUBLIC_URL: 'https://interviews.example.com',
      COLLAB_URL: 'ws://collab-server:3001',
      COLLAB_PORT: '4001',
    });
    expect(app.PUBLIC_URL).toBe('https://interviews.example.com');
    expect(app.COLLAB_URL).toBe('ws://collab-server:3001');
    expect(app.COLLAB_PUBLIC_URL).toBe('ws://localhost:4001');
    expect(loadAppConfig(secret).PUBLIC_URL).toBe('http://localhost:3000');
  });

  it('leaves a port that is not a number for the schema to refuse', () => {
    expect(withUrlsFromPorts({ PORT: 'eighty' }).PUBLIC_URL).toBeUndefined();
    expect(() => loadAppConfig({ ...secret, PORT: 'eighty' })).toThrow(/PORT/);
  });
});
