import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { Server } from '@hocuspocus/server';
import * as Y from 'yjs';
import { directDocumentSource } from '../mirror/direct-document-source.ts';
import type { DocumentSource } from '../mirror/document-source.ts';

export interface TestCollab {
  server: Server;
  url: string;
  /** The bridge's way in: direct connections to this server. */
  documents: DocumentSource;
  close(): Promise<void>;
}

/** A plain Hocuspocus server on port 0 (no Tandem extensions: the bridge must not need them). */
export async function startTestCollab(): Promise<TestCollab> {
  const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false });
  await server.listen();
  const url = `ws://127.0.0.1:${server.address.port}`;
  return {
    server,
    url,
    documents: directDocumentSource((name, context) =>
      server.hocuspocus.openDirectConnection(name, context),
    ),
    close: () => server.destroy(),
  };
}

export interface TestClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  close(): void;
}

/** A browser-like Yjs client of one document, synced before it is returned. */
export async function connectClient(
  url: string,
  name: string,
  token = 'test',
): Promise<TestClient> {
  const doc = new Y.Doc();
  const websocket = new HocuspocusProviderWebsocket({ url });
  const provider = new HocuspocusProvider({
    websocketProvider: websocket,
    name,
    document: doc,
    token,
  });
  provider.attach();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`client did not sync ${name}`)), 10_000);
    provider.on('synced', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    doc,
    provider,
    close: () => {
      provider.destroy();
      websocket.destroy();
      doc.destroy();
    },
  };
}
