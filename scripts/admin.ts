// `npm run admin -- <command>`: operator commands on the database Tandem uses
// (DATABASE_URL, or the PGlite folder PGLITE_DIR when it is unset; stop
// Tandem first with PGlite: one process per folder).
//
//   create-owner --email ADDRESS [--password PASSWORD] [--name NAME] [--organization NAME]
//       A user with an e-mail/password sign-in, owner of a new organization.
//       Without --password one is generated and printed once.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DatabaseError, DEFAULT_PGLITE_DIR, openDatabase } from '../db/client.ts';
import { createOwner, OwnerError } from '../db/owners.ts';
import { ConfigError, envField, parseEnv } from '../protocol/env.ts';

const USAGE =
  'usage: npm run admin -- create-owner --email ADDRESS [--password PASSWORD] [--name NAME] [--organization NAME]';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'create-owner') {
    console.error(command ? `admin: unknown command "${command}"\n${USAGE}` : USAGE);
    return 2;
  }
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        name: { type: 'string' },
        organization: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`admin: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.email) {
    console.error(`admin: --email is required\n${USAGE}`);
    return 2;
  }
  const config = parseEnv(
    z.object({
      DATABASE_URL: envField.postgresUrl(),
      PGLITE_DIR: z.string().default(DEFAULT_PGLITE_DIR),
      PUBLIC_URL: z.string().optional(),
    }),
    process.env,
    'admin',
  );
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.PGLITE_DIR });
  try {
    const owner = await createOwner(database.db, {
      email: values.email,
      password: values.password,
      name: values.name,
      organizationName: values.organization,
    });
    const login = `${(config.PUBLIC_URL || 'http://localhost:3000').replace(/\/$/, '')}/login`;
    console.log(`Created ${owner.email}, owner of a new organization. Sign in at ${login}`);
    if (owner.generatedPassword) console.log(`  password: ${owner.password}  (shown once)`);
    return 0;
  } finally {
    await database.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof OwnerError || error instanceof DatabaseError) {
    console.error(`${error.code}: ${error.message}`);
  } else if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    throw error;
  }
  process.exitCode = 1;
}
