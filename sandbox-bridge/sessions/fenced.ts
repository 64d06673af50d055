import type { PtyProcess, SandboxHandle } from '../driver/types.ts';
import type { OpenDocument } from '../mirror/document-source.ts';
import type { MirrorBaseStore } from '../mirror/mirror-bases.ts';
import type { SessionLease } from './session-lease.ts';

/** What changes a sandbox: refused once the session's lease is gone. */
const SANDBOX_WRITES = new Set<PropertyKey>([
  'writeFile',
  'deleteFile',
  'makeFolder',
  'removeEmptyFolder',
  'exec',
  'openPty',
  'cloneTo',
]);

/**
 * The session's sandbox as its owner sees it: every call that changes the
 * workspace or runs a process first checks the lease (LEASE_LOST otherwise);
 * reads pass through.
 */
export function fencedSandbox(sandbox: SandboxHandle, lease: SessionLease): SandboxHandle {
  return new Proxy(sandbox, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (!SANDBOX_WRITES.has(property)) return value.bind(target);
      // Every write of a handle is async: a lost lease is a rejected promise, like any failure.
      return (...args: unknown[]) => {
        try {
          lease.assertHeld();
        } catch (error) {
          return Promise.reject(error);
        }
        const result = value.apply(target, args) as Promise<unknown>;
        return property === 'openPty'
          ? result.then((pty) => fencedPty(pty as PtyProcess, lease))
          : result;
      };
    },
  });
}

/**
 * A shell of the session: keystrokes reach it only while the lease is held.
 * A line typed into a bridge that lost the session would change the disk
 * behind the new owner's back (and be acknowledged to the candidate by the
 * wrong shell).
 */
function fencedPty(pty: PtyProcess, lease: SessionLease): PtyProcess {
  return {
    write: (data) => {
      lease.assertHeld();
      pty.write(data);
    },
    resize: (cols, rows) => pty.resize(cols, rows),
    onData: (listener) => pty.onData(listener),
    onExit: (listener) => pty.onExit(listener),
    kill: () => pty.kill(),
  };
}

/** The session's document: the bridge's own edits (files the shell wrote) need the lease. */
export function fencedDocument(document: OpenDocument, lease: SessionLease): OpenDocument {
  return {
    doc: document.doc,
    isOwn: (transaction) => document.isOwn(transaction),
    close: () => document.close(),
    ...(document.sent ? { sent: () => document.sent!() } : {}),
    transact: (origin, change) => {
      lease.assertHeld();
      document.transact(origin, change);
    },
  };
}

/** The mirror's agreed states, shared by the bridges: only the owner replaces them. */
export function fencedBases(store: MirrorBaseStore, lease: SessionLease): MirrorBaseStore {
  return {
    load: () => store.load(),
    save: async (path, base, seen) => {
      lease.assertHeld();
      await store.save(path, base, seen);
    },
    remove: async (path) => {
      lease.assertHeld();
      await store.remove(path);
    },
  };
}
