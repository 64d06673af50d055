import type { SandboxHandle } from '../driver/types.ts';
import { BridgeError } from '../errors.ts';
import { type ArchiveStore, archiveKeyFor } from './archive-store.ts';

/** Largest workspace archive kept (compressed); dependency folders are not in it. */
export const MAX_ARCHIVE_BYTES = 200 * 1024 * 1024;

/** Stores a gzip'd tar of the sandbox's workspace and says where. */
export async function archiveWorkspace(options: {
  sandbox: SandboxHandle;
  store: ArchiveStore;
  sessionId: string;
  at?: Date;
}): Promise<{ key: string; bytes: number }> {
  const stream = await options.sandbox.snapshot();
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      bytes += buffer.length;
      if (bytes > MAX_ARCHIVE_BYTES) {
        stream.destroy();
        throw new BridgeError(
          'ARCHIVE_FAILED',
          `The workspace archive exceeds ${MAX_ARCHIVE_BYTES / 1024 / 1024} MiB; nothing was stored.`,
        );
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof BridgeError) throw error;
    throw new BridgeError(
      'ARCHIVE_FAILED',
      `The workspace could not be archived: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
  const key = archiveKeyFor(options.sessionId, options.at ?? new Date());
  try {
    await options.store.put(key, Buffer.concat(chunks));
  } catch (error) {
    throw new BridgeError(
      'ARCHIVE_FAILED',
      `The archive could not be stored (${options.store.location}): ${String(error)}`,
      { cause: error },
    );
  }
  return { key, bytes };
}
