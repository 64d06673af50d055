import { openDatabase } from '../../db/client.ts';
import { routeOutputToLogger } from '../../protocol/console-bridge.ts';
import { createLogger } from '../../protocol/logger.ts';
import { runMain } from '../../protocol/process.ts';
import { loadAppConfig } from '../config.server.ts';
import { announceFirstRun } from '../setup/first-run.server.ts';
import { startAppServer } from './http.ts';

const logger = createLogger('app');
routeOutputToLogger(logger);

await runMain('app', logger, async () => {
  const config = loadAppConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.PGLITE_DIR });
  const app = await startAppServer({ config, database, logger });
  await announceFirstRun(app.services);
  return {
    close: async () => {
      await app.close();
      await database.close();
    },
  };
});
