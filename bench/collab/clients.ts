import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { AckProbe } from './ack-latency.ts';
import type { BenchClient, OpenClient } from './load.ts';

/**
 * How a load generator reaches a server's sessions: plain data, so it can be
 * handed to a generator in another process (bench/collab/generator.ts).
 */
export interface ClientSpec {
  protocol: 'hocuspocus' | 'y-websocket';
  url: string;
  /** Document name of each session… */
  documents?: string[];
  /** …or, without a list, `<prefix><session>` (servers without authentication). */
  documentPrefix?: string;
  /** Token of each session's candidate and observers (Hocuspocus only). */
  candidateTokens?: string[];
  observerTokens?: string[];
  /** Time the candidates' durable acknowledgements (decision 016; Tandem only). */
  measureAcks?: boolean;
}

/**
 * `ws` with an error listener from the start (as collab-server/testing/clients.ts'
 * TestWebSocket): destroying a client whose socket is still connecting — a
 * session the server refused or closed, reconnecting when the benchmark ends
 * (issue 12: the collab-abuse bench crashed in `LiveSessions.close`) — emits
 * "WebSocket was closed before the connection was established", an uncaught
 * error without a listener. The providers learn of the failure from the close
 * event either way.
 */
export class BenchWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.on('error', () => {});
  }
}

/** Opens clients of the sessions `spec` describes. */
export function clientOpener(spec: ClientSpec): OpenClient {
  return async (session, role) => {
    const name = spec.documents?.[session] ?? `${spec.documentPrefix ?? 'session-'}${session}`;
    if (spec.protocol === 'y-websocket') return openYWebsocketClient(spec.url, name);
    const tokens = role === 'candidate' ? spec.candidateTokens : spec.observerTokens;
    return openHocuspocusClient(
      spec.url,
      name,
      tokens?.[session] ?? 'no-auth',
      role === 'candidate' && Boolean(spec.measureAcks),
    );
  };
}

function openHocuspocusClient(
  url: string,
  name: string,
  token: string,
  measureAcks: boolean,
): BenchClient {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: BenchWebSocket });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    document: doc,
    token,
  });
  provider.attach();
  const acks = measureAcks ? new AckProbe(provider) : undefined;
  return {
    doc,
    synced: () => provider.isSynced,
    acks,
    destroy: () => {
      acks?.destroy();
      provider.destroy();
      socket.destroy();
      doc.destroy();
    },
  };
}

function openYWebsocketClient(url: string, name: string): BenchClient {
  const doc = new Y.Doc();
  // No BroadcastChannel: in one process it would carry updates between
  // the clients of a session without going through the server.
  const provider = new WebsocketProvider(url, name, doc, {
    WebSocketPolyfill: BenchWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return {
    doc,
    synced: () => provider.synced,
    destroy: () => {
      provider.destroy();
      // Also stops the awareness y-websocket created (and never destroys).
      doc.destroy();
    },
  };
}
