import { Database as DatabaseExtension } from '@hocuspocus/extension-database';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { yjsDocuments } from '../../db/schema/index.ts';

/**
 * Full document state in `yjs_documents`, through Hocuspocus' database
 * extension: fetched on load, written (debounced) after changes.
 */
export function createDocumentStore(db: Database): DatabaseExtension {
  return new DatabaseExtension({
    fetch: async ({ documentName }) => {
      const [row] = await db
        .select({ state: yjsDocuments.state })
        .from(yjsDocuments)
        .where(eq(yjsDocuments.name, documentName));
      return row?.state ?? null;
    },
    store: async ({ documentName, state }) => {
      const bytes = new Uint8Array(state);
      await db
        .insert(yjsDocuments)
        .values({ name: documentName, state: bytes, sizeBytes: bytes.byteLength })
        .onConflictDoUpdate({
          target: yjsDocuments.name,
          set: { state: bytes, sizeBytes: bytes.byteLength, updatedAt: new Date() },
        });
    },
  });
}
