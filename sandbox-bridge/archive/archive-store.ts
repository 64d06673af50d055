/** One stored archive. */
export interface ArchiveObject {
  key: string;
  bytes: number;
  /** When it was stored: retention counts from here. */
  storedAt: Date;
}

/**
 * Where workspaces go after submission: S3 when configured, a local folder by
 * default. Keys are relative, `/`-separated (`sessions/<id>/<time>.tar.gz`).
 */
export interface ArchiveStore {
  readonly location: 's3' | 'folder';
  put(key: string, body: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
  list(): AsyncIterable<ArchiveObject>;
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)*$/;

/** Refuses keys that could leave the archive folder or bucket prefix. */
export function checkArchiveKey(key: string): string {
  if (!KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
    throw new Error(`Archive key ${JSON.stringify(key)} is not valid.`);
  }
  return key;
}

/** The key of a session's archive taken at `at`. */
export function archiveKeyFor(sessionId: string, at: Date): string {
  return checkArchiveKey(`sessions/${sessionId}/${at.toISOString().replace(/[:.]/g, '-')}.tar.gz`);
}
