import { Database as DatabaseExtension } from '@hocuspocus/extension-database';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { yjsDocuments } from '../../db/schema/index.ts';
import { nextTurn } from '../next-turn.ts';

export interface DocumentStoreOptions {
  /**
   * Awaited before each store: the history log resolves it once what it holds
   * is written, so a stored state never holds an update that is not in the
   * log yet (reconcile.ts relies on it).
   */
  beforeStore?: (documentName: string) => Promise<void>;
  /** Runs a prepared statement (DatabaseHandle.prepared, Postgres): the store without drizzle's query building. */
  prepared?: PreparedQuery;
}

type PreparedQuery = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * Full document state in `yjs_documents`, through Hocuspocus' database
 * extension: fetched on load, written (debounced) after changes.
 */
export function createDocumentStore(
  db: Database,
  options: DocumentStoreOptions = {},
): DatabaseExtension {
  // Stores run one at a time, each in its own turn of the event loop. Many
  // documents edited since the same moment reach their debounce together;
  // on PGlite, whose queries run on this thread, writing them back to back
  // stalled every connection for the whole burst (2.6 s for 200 documents).
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(write: () => Promise<T>): Promise<T> => {
    const run = queue.then(nextTurn).then(write);
    queue = run.catch(() => {});
    return run;
  };
  return new DatabaseExtension({
    fetch: async ({ documentName }) => {
      const [row] = await db
        .select({ state: yjsDocuments.state })
        .from(yjsDocuments)
        .where(eq(yjsDocuments.name, documentName));
      return row?.state ?? null;
    },
    store: ({ documentName, state }) =>
      inTurn(async () => {
        // `state` was encoded before this call, from updates already handed
        // to the history log; flushing now puts them in the log before the state.
        await options.beforeStore?.(documentName);
        await storeDocumentState(db, documentName, new Uint8Array(state), options.prepared);
      }),
  });
}

/** The same upsert as drizzle's below, parsed and planned once per connection. */
const STORE_STATE = `insert into yjs_documents (name, state, size_bytes) values ($1, $2, $3)
  on conflict (name) do update set state = excluded.state, size_bytes = excluded.size_bytes, updated_at = now()`;

/**
 * Writes (or replaces) a document's full state in `yjs_documents`. With
 * `prepared` (Postgres) one prepared statement: every document edited since
 * the same moment is stored in one burst, and building each insert through
 * drizzle was most of that burst's CPU (decision 020).
 */
export async function storeDocumentState(
  db: Database,
  documentName: string,
  state: Uint8Array,
  prepared?: PreparedQuery,
): Promise<void> {
  if (prepared) {
    await prepared(STORE_STATE, [documentName, state, state.byteLength]);
    return;
  }
  await db
    .insert(yjsDocuments)
    .values({ name: documentName, state, sizeBytes: state.byteLength })
    .onConflictDoUpdate({
      target: yjsDocuments.name,
      set: { state, sizeBytes: state.byteLength, updatedAt: new Date() },
    });
}
