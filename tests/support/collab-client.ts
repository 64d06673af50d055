import { HocuspocusProvider } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { SESSION_DOC, sessionDocumentName } from '../../protocol/documents.ts';
import type { ParticipantRole } from '../../protocol/roles.ts';
import { signSessionToken } from '../../protocol/tokens.ts';
import type { TestStack } from './stack.ts';

export interface TestCollabClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  /** The session token it connected with. */
  token: string;
  /** How many times the provider has synced (a reconnect syncs again). */
  syncs(): number;
  /** Replaces a file's whole text in one transaction. */
  write(path: string, content: string): void;
  read(path: string): string | undefined;
  close(): void;
}

/** A Yjs client of a session document in Node, as a candidate or an observer would connect. */
export async function connectToSession(
  stack: TestStack,
  session: { id: string; organizationId: string },
  who: { role: ParticipantRole; subject: string; name?: string },
): Promise<TestCollabClient> {
  const token = await signSessionToken(
    {
      sessionId: session.id,
      organizationId: session.organizationId,
      subject: who.subject,
      role: who.role,
      name: who.name ?? who.subject,
    },
    stack.secret,
    600,
  );
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({
    url: stack.collabUrl,
    name: sessionDocumentName(session.id),
    document: doc,
    token,
  });
  let syncs = 0;
  provider.on('synced', () => {
    syncs += 1;
  });
  await eventually(() => syncs > 0, 'collab sync');
  const files = doc.getMap<Y.Text>(SESSION_DOC.files);
  return {
    doc,
    provider,
    token,
    syncs: () => syncs,
    write: (path, content) =>
      doc.transact(() => {
        let text = files.get(path);
        if (!text) {
          text = new Y.Text();
          files.set(path, text);
        }
        text.delete(0, text.length);
        text.insert(0, content);
      }),
    read: (path) => files.get(path)?.toString(),
    close: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Waits until a condition holds (polling), or fails with a message. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  message: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
