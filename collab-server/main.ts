import { openDatabase } from '../db/client.ts';
import { routeOutputToLogger } from '../protocol/console-bridge.ts';
import { createLogger } from '../protocol/logger.ts';
import { runMain } from '../protocol/process.ts';
import { loadCollabConfig } from './config.ts';
import { startCollabServer } from './server.ts';

const logger = createLogger('collab-server');
routeOutputToLogger(logger);

await runMain('collab-server', logger, async () => {
  const config = loadCollabConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.PGLITE_DIR });
  const collab = await startCollabServer({ config, database, logger });
  return {
    close: async () => {
      await collab.close();
      await database.close();
    },
  };
});
