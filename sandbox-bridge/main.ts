import { openDatabase } from '../db/client.ts';
import { routeOutputToLogger } from '../protocol/console-bridge.ts';
import { createLogger } from '../protocol/logger.ts';
import { runMain } from '../protocol/process.ts';
import { loadBridgeConfig } from './config.ts';
import { startBridgeServer } from './server.ts';

const logger = createLogger('sandbox-bridge');
routeOutputToLogger(logger);

await runMain('sandbox-bridge', logger, async () => {
  const config = loadBridgeConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.PGLITE_DIR });
  const bridge = await startBridgeServer({ config, database, logger });
  return {
    close: async () => {
      await bridge.close();
      await database.close();
    },
  };
});
