import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

/**
 * A dump of an empty, migrated embedded database, for new ones to start from
 * (`PGLITE_TEMPLATE`, db/client.ts). PGlite creates a new database by running
 * initdb in WebAssembly: 2–8 s of CPU on this machine, for every test's
 * database; loading this dump takes under a second. The file's name holds a
 * hash of the migrations and of PGlite's version, so a schema change or an
 * upgrade makes a new one (and removes the old); the migrations still run
 * after loading, as on any database.
 */
export function pgliteTemplateFile(cacheFolder: string, migrationsFolder: string): string {
  const hash = createHash('sha256');
  hash.update(pgliteVersion());
  for (const name of readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    hash.update(`\0${name}\0`);
    try {
      hash.update(readFileSync(join(migrationsFolder, name)));
    } catch {
      // a folder
    }
  }
  return join(cacheFolder, `pglite-${hash.digest('hex').slice(0, 16)}.tar`);
}

/**
 * Builds the template at `file` unless it exists. Concurrent builders each
 * write their own temporary file and rename it into place: the last one wins
 * with the same bytes, and no reader sees a partial file.
 */
export async function ensurePgliteTemplate(file: string, migrationsFolder: string): Promise<void> {
  const folder = dirname(file);
  mkdirSync(folder, { recursive: true });
  const existing = readdirSync(folder);
  if (existing.includes(file.slice(folder.length + 1))) return;
  const client = await PGlite.create('memory://');
  try {
    await migrate(drizzle(client), { migrationsFolder });
    const dump = await client.dumpDataDir('none');
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
    renameSync(partial, file);
  } finally {
    await client.close();
  }
  // Templates of an earlier schema or PGlite.
  for (const name of existing) {
    if (name.startsWith('pglite-') && name.endsWith('.tar'))
      rmSync(join(folder, name), { force: true });
  }
}

const loaded = new Map<string, Blob>();

/** The template's bytes (read once per process), or undefined when the file is missing. */
export function readPgliteTemplate(file: string): Blob | undefined {
  const cached = loaded.get(file);
  if (cached) return cached;
  try {
    const blob = new Blob([readFileSync(file)]);
    loaded.set(file, blob);
    return blob;
  } catch {
    return undefined;
  }
}

/** PGlite's version (its manifest is not in the package's exports: found from its entry). */
function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  let folder = dirname(entry);
  while (!existsSync(join(folder, 'package.json'))) folder = dirname(folder);
  return (JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string })
    .version;
}
