import postgres from 'postgres';
import { cpuSeconds } from './process-stats.ts';
import type { BenchDatabase } from './targets.ts';

const POLL_MS = 250;

/**
 * CPU seconds the Postgres backends serving one database used since
 * `start()`: their pids come from pg_stat_activity, their CPU from
 * /proc/<pid>/stat (the server runs on this machine). Polled every 250 ms so a
 * backend that appears mid-run is counted from zero and one that exits keeps
 * what it had used at the last poll.
 */
export class BackendCpu {
  private readonly sql: postgres.Sql;
  private readonly database: string;
  /** Per backend pid: CPU at the start (or 0 if it appeared later) and at the last poll. */
  private readonly backends = new Map<number, { first: number; last: number }>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> = Promise.resolve();
  private started = false;

  constructor(database: BenchDatabase) {
    this.sql = postgres(database.admin, { max: 1, onnotice: () => {} });
    this.database = database.name;
  }

  async start(): Promise<void> {
    await this.poll();
    this.started = true;
    this.timer = setInterval(() => {
      this.polling = this.polling.then(() => this.poll());
    }, POLL_MS);
  }

  /** Stops polling (after one last poll) and returns the backends' CPU seconds since `start`. */
  async stop(): Promise<number> {
    if (this.timer) clearInterval(this.timer);
    await this.polling;
    await this.poll();
    await this.sql.end({ timeout: 2 });
    let total = 0;
    for (const { first, last } of this.backends.values()) total += last - first;
    return total;
  }

  private async poll(): Promise<void> {
    const rows = await this.sql<{ pid: number }[]>`
      select pid from pg_stat_activity
      where datname = ${this.database} and pid <> pg_backend_pid()`;
    for (const { pid } of rows) {
      let used: number;
      try {
        used = cpuSeconds(pid);
      } catch {
        continue; // exited since the query
      }
      const known = this.backends.get(pid);
      if (known) known.last = used;
      else this.backends.set(pid, { first: this.started ? 0 : used, last: used });
    }
  }
}
