// `npm run db:seed -- demo` seeds the demo organization; `npm run db:seed -- scale [N]`
// adds an organization with N candidates (default 10,000) over 50 assessments.
import { openDatabase } from '../client.ts';
import { seedDemo } from './demo.ts';
import { seedScale } from './scale.ts';

const [kind = 'demo', count] = process.argv.slice(2);
const database = await openDatabase({
  url: process.env.DATABASE_URL || undefined,
  dataDir: process.env.PGLITE_DIR,
});
try {
  if (kind === 'scale') {
    const started = Date.now();
    const result = await seedScale(database.db, { candidates: count ? Number(count) : undefined });
    console.log(
      `seeded ${result.candidates} candidates, ${result.sessions} sessions over ${result.assessments} assessments in ${Date.now() - started} ms`,
    );
  } else if (kind === 'demo') {
    const secret = process.env.TANDEM_SECRET;
    if (!secret) throw new Error('TANDEM_SECRET is required to derive the demo invitation');
    console.log(await seedDemo(database.db, secret));
  } else {
    console.error('usage: npm run db:seed -- demo | scale [count]');
    process.exitCode = 2;
  }
} finally {
  await database.close();
}
