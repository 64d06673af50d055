import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import * as Y from 'yjs';

/** A provider in Node with what tests look at: its document, refusals and closes. */
export interface TestClient {
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  doc: Y.Doc;
  /** Reasons of refused authentications, in order. */
  authFailures: string[];
  /** Close events of the socket (code and reason), in order. */
  closes: { code: number; reason: string }[];
  /** Updates the server answered as not applied (a read-only connection's edits). */
  droppedUpdates(): number;
  /** Read-only scope as the server announced it on the last authentication. */
  readOnly(): boolean;
  destroy(): void;
}

/**
 * `ws` with an error listener from the start: closing a socket that is still
 * connecting (a client destroyed while it reconnects to a server that refused
 * it) emits "WebSocket was closed before the connection was established",
 * which without a listener is an uncaught error. The provider learns of the
 * failure from the close event either way.
 */
class TestWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.on('error', () => {});
  }
}

/** Hocuspocus' message type for "your update was (not) applied". */
const SYNC_STATUS = 8;

export interface ConnectOptions {
  /** A document to sync (default: a new one). */
  doc?: Y.Doc;
}

/**
 * Connects a HocuspocusProvider over the `ws` package, reconnecting quickly
 * (tests restart servers and expect clients back within a second or two).
 */
export function connectClient(
  url: string,
  name: string,
  token: string,
  options: ConnectOptions = {},
): TestClient {
  const doc = options.doc ?? new Y.Doc();
  const authFailures: string[] = [];
  const closes: { code: number; reason: string }[] = [];
  const socket = new HocuspocusProviderWebsocket({
    url,
    WebSocketPolyfill: TestWebSocket,
    delay: 50,
    factor: 1.5,
    maxDelay: 500,
    minDelay: 50,
  });
  socket.on('close', ({ event }: { event: { code: number; reason: string } }) => {
    closes.push({ code: event.code, reason: String(event.reason) });
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    document: doc,
    token,
    onAuthenticationFailed: ({ reason }) => {
      authFailures.push(reason);
    },
  });
  let dropped = 0;
  provider.on('message', ({ message }: { message: { data: Uint8Array } }) => {
    const decoder = decoding.createDecoder(new Uint8Array(message.data));
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) === SYNC_STATUS && decoding.readVarInt(decoder) === 0)
      dropped += 1;
  });
  provider.attach();
  return {
    provider,
    socket,
    doc,
    authFailures,
    closes,
    droppedUpdates: () => dropped,
    readOnly: () => provider.authorizedScope === 'readonly',
    destroy: () => {
      provider.destroy();
      socket.destroy();
    },
  };
}

/** Resolves once `check` returns true; polls, and rejects after `timeoutMs` with `what`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves when the client has synced and the server acknowledged all its changes. */
export function settled(client: TestClient, timeoutMs = 10_000): Promise<void> {
  return eventually(
    () => client.provider.isSynced && !client.provider.hasUnsyncedChanges,
    `${client.provider.configuration.name} is synced`,
    timeoutMs,
  );
}

/** The `files` map of a session document as plain text per path, paths sorted. */
export function filesOf(doc: Y.Doc): Record<string, string> {
  const files: Record<string, string> = {};
  const map = doc.getMap<Y.Text>('files');
  for (const path of [...map.keys()].sort()) files[path] = map.get(path)!.toString();
  return files;
}
