import { join } from 'node:path';
import { MIGRATIONS_FOLDER } from '../../db/client.ts';
import { ensurePgliteTemplate, pgliteTemplateFile } from '../../db/pglite-template.ts';

/**
 * Once per `vitest run`, before any test file: the embedded database's
 * template (db/pglite-template.ts), built once per schema and kept in
 * `.cache/`. Every new PGlite database of the tests — in the test processes
 * and in the services they start, which inherit the variable — loads it
 * instead of running initdb (2–8 s of CPU each, about a hundred of them).
 */
export default async function setup(): Promise<void> {
  const file = pgliteTemplateFile(
    join(import.meta.dirname, '..', '..', '.cache', 'pglite-template'),
    MIGRATIONS_FOLDER,
  );
  await ensurePgliteTemplate(file, MIGRATIONS_FOLDER);
  process.env.PGLITE_TEMPLATE = file;
}
