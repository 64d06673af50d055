// The embedded default: app, collab-server and sandbox-bridge in one process,
// sharing one database (PGlite in .data/ unless DATABASE_URL is set), with the
// demo organization seeded and the URLs printed. Production runs each service
// alone (npm run start:app / start:collab / start:bridge); see docker-compose.yml.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadAppConfig } from '../app/config.server.ts';
import { startAppServer } from '../app/server/http.ts';
import { loadCollabConfig } from '../collab-server/config.ts';
import { startCollabServer } from '../collab-server/server.ts';
import { openDatabase } from '../db/client.ts';
import { seedDemo } from '../db/seed/demo.ts';
import { createLogger } from '../protocol/logger.ts';
import { runMain } from '../protocol/process.ts';
import { loadBridgeConfig } from '../sandbox-bridge/config.ts';
import { startBridgeServer } from '../sandbox-bridge/server.ts';
import { loadOrCreateLocalSecret } from './local-secret.ts';

const logger = createLogger('tandem');

await runMain('tandem', logger, async () => {
  const env = { ...process.env };
  env.TANDEM_SECRET ||= loadOrCreateLocalSecret();
  const appConfig = loadAppConfig(env);
  const collabConfig = loadCollabConfig(env);
  const bridgeConfig = loadBridgeConfig(env);

  if (!existsSync('build/server/index.js')) {
    logger.info('first start: building the app');
    execFileSync('node', ['scripts/build.ts'], { stdio: 'inherit' });
  }

  const database = await openDatabase({
    url: appConfig.DATABASE_URL,
    dataDir: appConfig.PGLITE_DIR,
  });
  const demo = appConfig.SEED_DEMO ? await seedDemo(database.db, appConfig.TANDEM_SECRET) : null;

  const collab = await startCollabServer({
    config: collabConfig,
    database,
    logger: createLogger('collab-server', collabConfig.LOG_LEVEL),
  });
  const bridge = await startBridgeServer({
    config: bridgeConfig,
    database,
    logger: createLogger('sandbox-bridge', bridgeConfig.LOG_LEVEL),
  });
  const app = await startAppServer({
    services: { config: appConfig, database, logger: createLogger('app', appConfig.LOG_LEVEL) },
  });

  const base = appConfig.PUBLIC_URL.replace(/\/$/, '');
  const lines = [
    '',
    'Tandem is running.',
    `  Dashboard       ${base}/login`,
    demo ? `    sign in as    ${demo.interviewerEmail} / ${demo.password}` : null,
    demo?.inviteToken
      ? `  Candidate link  ${base}/invite/${demo.inviteToken}`
      : demo
        ? '  Candidate link  (the demo invitation was used; invite a candidate from the dashboard)'
        : null,
    `  Health          ${base}/healthz  ws://${collabConfig.COLLAB_HOST}:${collab.port}  http://${bridgeConfig.BRIDGE_HOST}:${bridge.port}/healthz`,
    `  Database        ${database.kind} (${database.location})`,
    '',
  ].filter((line) => line !== null);
  process.stdout.write(`${lines.join('\n')}\n`);

  return {
    close: async () => {
      await app.close();
      await bridge.close();
      await collab.close();
      await database.close();
    },
  };
});
