export const SERVER_NAMES = ['tandem', 'hocuspocus+database', 'hocuspocus', 'y-websocket'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** Options of `npm run bench -- collab`, as `--name=value` (and `--quick`). */
export interface CollabBenchOptions {
  /** Interview sessions, each with one typing candidate: the first of `sizes`. */
  sessions: number;
  /** Every size measured, in sessions. */
  sizes: number[];
  /** Observers per session. */
  observers: number;
  /** Seconds of typing per measurement. */
  duration: number;
  /** Seconds between connecting and measuring (first paste, caches). */
  warmup: number;
  /** Quiet seconds after typing, still counted: deferred work (debounced stores) lands there. */
  gap: number;
  /** Measurements per server and size, taken in ABAB order. */
  rounds: number;
  /** Load generator processes (0: one per 250 sessions). */
  generators: number;
  /** Keystrokes per second per candidate. */
  rate: number;
  /** Which servers to run. */
  servers: ServerName[];
  /** A postgres:// admin URL: Tandem and hocuspocus+database get temporary databases there. */
  postgres: string | null;
  /** A folder: CPU and allocation-sampling profiles of each server while measured (warm to end of gap). */
  profile: string | null;
}

const DEFAULTS: CollabBenchOptions = {
  sessions: 50,
  sizes: [50, 200, 500],
  observers: 2,
  duration: 20,
  warmup: 5,
  gap: 12,
  rounds: 2,
  generators: 0,
  rate: 5,
  servers: [...SERVER_NAMES],
  postgres: null,
  profile: null,
};

/** `--quick`: one small size, short windows (a few minutes in all). */
const QUICK: Partial<CollabBenchOptions> = { sizes: [50], sessions: 50, duration: 10, rounds: 2 };

const USAGE =
  'usage: npm run bench -- collab [--quick] [--sizes=50,200,500 | --sessions=N] [--observers=2] ' +
  '[--duration=20] [--warmup=5] [--gap=12] [--rounds=2] [--generators=0] [--rate=5] ' +
  `[--servers=${SERVER_NAMES.join(',')}] [--postgres=postgres://…] [--profile=folder]`;

/** Parses `--name=value` arguments; throws with the usage line on anything else. */
export function parseCollabBenchOptions(args: string[]): CollabBenchOptions {
  const options = { ...DEFAULTS };
  for (const arg of args) {
    if (arg === '--quick') {
      Object.assign(options, QUICK);
      continue;
    }
    const match = /^--([a-z]+)=(.+)$/.exec(arg);
    if (!match) throw new Error(`bench collab: cannot read ${JSON.stringify(arg)}\n${USAGE}`);
    const [, name, value] = match as unknown as [string, string, string];
    if (name === 'servers') {
      const servers = value.split(',');
      if (!servers.every((server) => (SERVER_NAMES as readonly string[]).includes(server))) {
        throw new Error(`bench collab: --servers takes ${SERVER_NAMES.join(', ')}\n${USAGE}`);
      }
      options.servers = servers as ServerName[];
    } else if (name === 'sizes') {
      const sizes = value.split(',').map(Number);
      if (!sizes.every((size) => Number.isInteger(size) && size > 0)) {
        throw new Error(`bench collab: --sizes takes session counts\n${USAGE}`);
      }
      options.sizes = sizes;
      options.sessions = sizes[0]!;
    } else if (name === 'postgres' || name === 'profile') {
      options[name] = value;
    } else if (name in DEFAULTS && typeof DEFAULTS[name as keyof CollabBenchOptions] === 'number') {
      const number = Number(value);
      if (!Number.isFinite(number) || number < 0) {
        throw new Error(`bench collab: --${name} must be a number\n${USAGE}`);
      }
      (options as unknown as Record<string, number>)[name] = number;
      if (name === 'sessions') options.sizes = [number];
    } else {
      throw new Error(`bench collab: unknown option --${name}\n${USAGE}`);
    }
  }
  return options;
}
