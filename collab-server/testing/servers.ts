import { asc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Database, DatabaseHandle } from '../../db/client.ts';
import { yjsDocuments, yjsUpdates } from '../../db/schema/index.ts';
import { silentLogger } from '../../protocol/logger.ts';
import { loadCollabConfig } from '../config.ts';
import type { UpdateLimitValues } from '../extensions/update-limits.ts';
import type { PresenceLimits } from '../guards/presence-guard.ts';
import { type CollabServer, startCollabServer } from '../server.ts';
import { TEST_SECRET } from './fixtures.ts';

/** Starts a collab-server on port 0 with the test secret; `env` overrides variables. */
export function startTestServer(
  database: DatabaseHandle,
  env: Record<string, string> = {},
  limits?: Partial<UpdateLimitValues & PresenceLimits>,
): Promise<CollabServer> {
  const config = loadCollabConfig({
    TANDEM_SECRET: TEST_SECRET,
    COLLAB_PORT: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  return startCollabServer({ config, database, logger: silentLogger(), limits });
}

/** The stored full state of a document, as a Y.Doc (null when never stored). */
export async function storedDocument(db: Database, name: string): Promise<Y.Doc | null> {
  const [row] = await db
    .select({ state: yjsDocuments.state })
    .from(yjsDocuments)
    .where(eq(yjsDocuments.name, name));
  if (!row) return null;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, row.state);
  return doc;
}

/** The history rows of a document in seq order. */
export function historyOf(db: Database, name: string) {
  return db
    .select()
    .from(yjsUpdates)
    .where(eq(yjsUpdates.documentName, name))
    .orderBy(asc(yjsUpdates.seq));
}
