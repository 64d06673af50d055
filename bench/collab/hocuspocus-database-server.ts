// Hocuspocus 4 with @hocuspocus/extension-database storing each document's
// full state in Postgres (DATABASE_URL): what a team would build first, and
// the baseline Tandem's collab-server is held to (issue 17). Configured like
// Tandem's (`flushDelay: false`), with the extension's own debounce (2 s, at
// most 10 s). Run as a child process by collab.bench.ts:
//   node bench/collab/hocuspocus-database-server.ts  (env: PORT, DATABASE_URL)
import { Database } from '@hocuspocus/extension-database';
import { Server } from '@hocuspocus/server';
import postgres from 'postgres';
import { reportLoopDelay } from './loop-delay.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('hocuspocus-database-server: DATABASE_URL is required\n');
  process.exit(2);
}
const sql = postgres(url, { max: 4, onnotice: () => {} });
await sql`create table if not exists documents (name text primary key, data bytea not null)`;

const server = new Server({
  port: Number(process.env.PORT ?? 1234),
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: false,
  flushDelay: false,
  extensions: [
    new Database({
      fetch: async ({ documentName }) => {
        const [row] = await sql<{ data: Uint8Array }[]>`
          select data from documents where name = ${documentName}`;
        return row?.data ?? null;
      },
      store: async ({ documentName, state }) => {
        await sql`insert into documents (name, data) values (${documentName}, ${state})
          on conflict (name) do update set data = excluded.data`;
      },
    }),
  ],
});
await server.listen();
process.stdout.write(`hocuspocus-database listening on ${server.address.port}\n`);
reportLoopDelay(async () => {
  await server.destroy();
  await sql.end({ timeout: 5 });
});
