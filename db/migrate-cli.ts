// `npm run db:migrate`: applies the committed migrations to the database of
// DATABASE_URL, or to the PGlite folder PGLITE_DIR when it is unset. Every
// service also migrates at start; this is for doing it ahead of a deploy.
import { z } from 'zod';
import { ConfigError, envField, parseEnv } from '../protocol/env.ts';
import { describeMark, readMigrationMark } from './backup/migration-mark.ts';
import { DatabaseError, DEFAULT_PGLITE_DIR, openDatabase } from './client.ts';

try {
  const config = parseEnv(
    z.object({
      DATABASE_URL: envField.postgresUrl(),
      PGLITE_DIR: z.string().default(DEFAULT_PGLITE_DIR),
    }),
    process.env,
    'db:migrate',
  );
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.PGLITE_DIR });
  try {
    const mark = await readMigrationMark(database.db);
    console.log(`${database.location} is at migration ${mark ? describeMark(mark) : 'none'}`);
  } finally {
    await database.close();
  }
} catch (error) {
  if (error instanceof DatabaseError) console.error(`${error.code}: ${error.message}`);
  else if (error instanceof ConfigError) console.error(error.message);
  else throw error;
  process.exitCode = 1;
}
