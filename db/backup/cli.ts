// `npm run db:backup [-- --out FILE]` and `npm run db:restore -- FILE`: the
// database of DATABASE_URL, or the PGlite folder PGLITE_DIR when it is unset.
// Stop Tandem first when it uses PGlite: one process at a time may open it.
import { runBackupCommand } from './command.ts';

process.exitCode = await runBackupCommand(process.argv.slice(2), process.env, {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
