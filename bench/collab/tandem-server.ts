// Tandem's collab-server as collab-server/main.ts composes it, plus the
// benchmark's event-loop measurement (loop-delay.ts). Run as a child process
// by collab.bench.ts with the collab-server's environment variables.
import { loadCollabConfig } from '../../collab-server/config.ts';
import { startCollabServer } from '../../collab-server/server.ts';
import { openDatabase } from '../../db/client.ts';
import { createLogger } from '../../protocol/logger.ts';
import { reportLoopDelay } from './loop-delay.ts';

const config = loadCollabConfig();
const logger = createLogger('collab-server', config.LOG_LEVEL);
const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.PGLITE_DIR });
const collab = await startCollabServer({ config, database, logger });
reportLoopDelay(async () => {
  await collab.close();
  await database.close();
});
