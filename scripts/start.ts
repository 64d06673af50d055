// `npm start`: the embedded default. App, collab-server and sandbox-bridge in
// one process on one database (PGlite in .data/ unless DATABASE_URL is set),
// the demo organization seeded, and the URLs printed. Production runs each
// service alone (npm run start:app / start:collab / start:bridge).
import { announceFirstRun, setupUrl } from '../app/setup/first-run.server.ts';
import { seedDemo } from '../db/seed/demo.ts';
import { routeOutputToLogger } from '../protocol/console-bridge.ts';
import { createLogger } from '../protocol/logger.ts';
import { runMain } from '../protocol/process.ts';
import { ensureBubblewrap } from './ensure-bubblewrap.ts';
import { ensureBuilt } from './ensure-built.ts';
import { loadOrCreateLocalSecret } from './local-secret.ts';
import { startTandem } from './tandem.ts';

const logger = createLogger('tandem');
// stdout carries only JSON lines (docs/operations.md); the banner below is for
// the person at the terminal and goes to stderr.
routeOutputToLogger(logger);

await runMain('tandem', logger, async () => {
  const env = { ...process.env };
  env.TANDEM_SECRET ||= loadOrCreateLocalSecret();

  await ensureBubblewrap(env, logger);
  await ensureBuilt(process.cwd(), logger);

  const tandem = await startTandem({ env });
  const { app: appConfig, collab: collabConfig, bridge: bridgeConfig } = tandem.config;
  const demo = appConfig.SEED_DEMO
    ? await seedDemo(tandem.database.db, appConfig.TANDEM_SECRET)
    : null;

  const base = appConfig.PUBLIC_URL.replace(/\/$/, '');
  // After seeding: the demo's interviewer is a user.
  const firstRun = await announceFirstRun(tandem.app.services);
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
    firstRun
      ? `  First run       ${setupUrl(base, appConfig.TANDEM_SECRET)}\n                  (or: npm run admin -- create-owner --email ADDRESS)`
      : null,
    `  Health          ${base}/healthz  http://${collabConfig.COLLAB_HOST}:${tandem.collab.port}/healthz  http://${bridgeConfig.BRIDGE_HOST}:${tandem.bridge.port}/healthz`,
    `  Database        ${tandem.database.kind} (${tandem.database.location})`,
    '',
  ].filter((line) => line !== null);
  process.stderr.write(`${lines.join('\n')}\n`);
  logger.info({ url: base, login: `${base}/login` }, 'Tandem is running');
  return tandem;
});
