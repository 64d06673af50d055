// `npm run archive:retention`: deletes archives past ARCHIVE_RETENTION_DAYS
// (S3 or ARCHIVE_DIR, as the bridge is configured) and prints what it did.
import { openDatabase } from '../../db/client.ts';
import { createLogger } from '../../protocol/logger.ts';
import { loadArchiveConfig } from '../config.ts';
import { createArchiveStore } from './create-archive-store.ts';
import { deleteExpiredArchives } from './retention.ts';

const logger = createLogger('archive-retention');
const config = loadArchiveConfig();
const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.PGLITE_DIR });
try {
  const result = await deleteExpiredArchives({
    store: createArchiveStore(config),
    retentionDays: config.ARCHIVE_RETENTION_DAYS,
    db: database.db,
  });
  logger.info(
    { deleted: result.deleted.length, kept: result.kept, days: config.ARCHIVE_RETENTION_DAYS },
    'archive retention done',
  );
  process.stdout.write(
    `archive retention: deleted ${result.deleted.length}, kept ${result.kept} (older than ${config.ARCHIVE_RETENTION_DAYS} days are deleted)\n`,
  );
} finally {
  await database.close();
}
