// One hostile client for `npm run bench -- collab-abuse`, in a process of its
// own so that building and sending its messages does not slow the load
// generator that times everyone else. It repeats ATTACK against one session
// (URL, DOCUMENT, TOKEN) for SECONDS, reconnecting whenever the server closes
// it, and prints one JSON line: attacks sent, connections, close codes.
//   node bench/collab/hostile.ts  (env: URL DOCUMENT TOKEN ATTACK SECONDS)
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { MessageType } from '@hocuspocus/server';
import * as encoding from 'lib0/encoding';
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import * as Y from 'yjs';
import { ATTACKS, type Attack } from './attacks.ts';
import { BenchWebSocket } from './clients.ts';

const { URL: url, DOCUMENT: documentName, TOKEN: token } = process.env;
const attack = process.env.ATTACK as Attack;
const seconds = Number(process.env.SECONDS ?? 5);
if (!url || !documentName || !token || !ATTACKS.includes(attack)) {
  process.stderr.write('hostile: URL, DOCUMENT, TOKEN, ATTACK and SECONDS are required\n');
  process.exit(2);
}

function syncMessage(kind: 'update' | 'step2', update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName!);
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, kind === 'update' ? messageYjsUpdate : messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function awarenessMessage(clientId: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName!);
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}

/** An update from a fresh client that writes `files[path] = text`. */
function fileUpdate(path: string, text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap<Y.Text>('files').set(path, new Y.Text(text));
  return Y.encodeStateAsUpdate(doc);
}

// Built once: the attacks repeat the same bytes (or cheap variations of them).
const oversized = syncMessage('step2', fileUpdate('big.txt', 'z'.repeat(7_340_032)));
const nearCap = 'y'.repeat(900 * 1024);
const bigPresence = { user: { name: 'x'.repeat(1024 * 1024) } };

const stats = { attack, sent: 0, connections: 0, closes: {} as Record<string, number> };
let clock = 1;
let spoofTarget = 0;

/** Sends one round of the attack on an open connection. */
function sendRound(socket: HocuspocusProviderWebsocket, doc: Y.Doc): void {
  switch (attack) {
    case 'bad-path-update':
      socket.send(syncMessage('update', fileUpdate(`../../../../tmp/x${stats.sent}`, 'x')));
      break;
    case 'oversized-step2':
      socket.send(oversized);
      break;
    case 'step2-flood':
      socket.send(syncMessage('step2', fileUpdate(`f${stats.sent % 150}.txt`, nearCap)));
      break;
    case 'big-awareness':
      socket.send(awarenessMessage(doc.clientID, clock++, bigPresence));
      break;
    case 'awareness-flood':
      for (let i = 0; i < 20; i++) {
        socket.send(awarenessMessage(doc.clientID, clock++, { user: { name: `n${clock}` } }));
      }
      break;
    case 'presence-spoof':
      // Another client's presence: the candidate's, once this client has seen it.
      socket.send(awarenessMessage(spoofTarget || 1, clock++, { user: { name: 'SPOOFED' } }));
      break;
  }
  stats.sent += 1;
}

async function connectOnce(deadline: number): Promise<void> {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: url!,
    WebSocketPolyfill: BenchWebSocket,
    autoConnect: true,
    maxAttempts: 1,
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: documentName!,
    document: doc,
    token: token!,
  });
  provider.attach();
  stats.connections += 1;
  let closed = false;
  socket.on('close', ({ event }: { event: { code: number } }) => {
    closed = true;
    stats.closes[event.code] = (stats.closes[event.code] ?? 0) + 1;
  });
  provider.awareness?.on('change', () => {
    for (const id of provider.awareness?.getStates().keys() ?? []) {
      if (id !== doc.clientID) spoofTarget = id;
    }
  });
  try {
    const ready = Date.now() + 5000;
    while (!provider.isSynced && !closed && Date.now() < ready) await tick(10);
    while (!closed && Date.now() < deadline) {
      sendRound(socket, doc);
      // Let the socket drain and the server answer (or close) before the next round.
      await tick(attack === 'oversized-step2' || attack === 'step2-flood' ? 20 : 5);
    }
  } finally {
    provider.destroy();
    socket.destroy();
    doc.destroy();
  }
}

function tick(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const deadline = Date.now() + seconds * 1000;
while (Date.now() < deadline) await connectOnce(deadline);
process.stdout.write(`${JSON.stringify(stats)}\n`);
process.exit(0);
