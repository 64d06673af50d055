import { Server } from '@hocuspocus/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withLogContext } from '../../protocol/log-context.ts';
import { providerDocumentSource } from './provider-document-source.ts';

// A bridge running alone opens documents over WebSocket; the collab-server
// can only tie that connection to the request behind it through the URL.
let server: Server;
const seen: Array<string | null> = [];

beforeAll(async () => {
  server = new Server({
    port: 0,
    address: '127.0.0.1',
    quiet: true,
    stopOnSignals: false,
    async onConnect({ requestParameters }) {
      seen.push(requestParameters.get('requestId'));
    },
  });
  await server.listen();
});
afterAll(async () => {
  await server?.destroy();
});

describe('documents opened over WebSocket', () => {
  it('carry the id of the request that opened them, and none outside a request', async () => {
    const source = providerDocumentSource({
      url: `ws://127.0.0.1:${server.address.port}`,
      token: async () => 'service-token',
    });
    const inRequest = await withLogContext({ requestId: 'bridge-req-1' }, () =>
      source.open('session/one'),
    );
    const outside = await source.open('session/two');
    await inRequest.close();
    await outside.close();
    expect(seen).toEqual(['bridge-req-1', null]);
  });
});
