// Run by postgres-client-cut.test.ts as its own process: a transaction whose
// connection is cut through the proxy. argv[2] says how it is run: `script`
// (DatabaseHandle.script, what the history log uses) or `begin` (postgres.js'
// own begin(), which ends the process). Prints "survived".
import { sql as statement } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase } from '../../db/client.ts';
import { TcpProxy } from './tcp-proxy.ts';

const [, , mode, url] = process.argv as [string, string, string, string];
const target = new URL(url);
const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
await proxy.start();
target.hostname = '127.0.0.1';
target.port = String(proxy.port);

let outcome: string;
let query: () => Promise<unknown>;
let close: () => Promise<void>;
if (mode === 'script') {
  const handle = await openDatabase({ url: target.toString(), migrate: false, maxConnections: 1 });
  const running = handle.script!('select 1; select pg_sleep(0.5)').then(
    () => 'committed',
    (error: { code?: string; message?: string }) => `failed ${error.code ?? error.message}`,
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  await proxy.cut();
  outcome = await running;
  query = () => handle.db.execute(statement`select 2 as two`);
  close = () => handle.close();
} else {
  const sql = postgres(target.toString(), { max: 1, onnotice: () => {}, connect_timeout: 1 });
  await sql`select 1`;
  outcome = await sql
    .begin(async (tx) => {
      await tx`select 1`;
      await proxy.cut();
      await tx`select pg_sleep(0.2)`;
    })
    .then(
      () => 'committed',
      (error: { code?: string }) => `failed ${error.code}`,
    );
  query = () => sql`select 2 as two`;
  close = () => sql.end({ timeout: 1 });
}
console.log(`transaction ${outcome}`);
// Long enough for a reconnect attempt to time out (connect_timeout) meanwhile.
await new Promise((resolve) => setTimeout(resolve, 2_000));
await proxy.restore();
await query();
console.log('queried after restore');
await close();
await proxy.close();
console.log('survived');
