export const SERVER_NAMES = ['tandem', 'hocuspocus', 'y-websocket'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** Options of `npm run bench -- collab`, as `--name=value`. */
export interface CollabBenchOptions {
  /** Interview sessions, each with one typing candidate. */
  sessions: number;
  /** Observers per session. */
  observers: number;
  /** Seconds of measured typing per server. */
  duration: number;
  /** Seconds between connecting and measuring (first paste, caches). */
  warmup: number;
  /** Keystrokes per second per candidate. */
  rate: number;
  /** Which servers to run. */
  servers: ServerName[];
  /** A postgres:// admin URL: run Tandem on a temporary Postgres database instead of PGlite. */
  postgres: string | null;
  /** A folder: write a V8 CPU profile of the Tandem server there. */
  profile: string | null;
}

const DEFAULTS: CollabBenchOptions = {
  sessions: 200,
  observers: 2,
  duration: 30,
  warmup: 5,
  rate: 5,
  servers: [...SERVER_NAMES],
  postgres: null,
  profile: null,
};

const USAGE =
  'usage: npm run bench -- collab [--sessions=200] [--observers=2] [--duration=30] [--warmup=5] ' +
  '[--rate=5] [--servers=tandem,hocuspocus,y-websocket] [--postgres=postgres://…] [--profile=folder]';

/** Parses `--name=value` arguments; throws with the usage line on anything else. */
export function parseCollabBenchOptions(args: string[]): CollabBenchOptions {
  const options = { ...DEFAULTS };
  for (const arg of args) {
    const match = /^--([a-z]+)=(.+)$/.exec(arg);
    if (!match) throw new Error(`bench collab: cannot read ${JSON.stringify(arg)}\n${USAGE}`);
    const [, name, value] = match as unknown as [string, string, string];
    if (name === 'servers') {
      const servers = value.split(',');
      if (!servers.every((server) => (SERVER_NAMES as readonly string[]).includes(server))) {
        throw new Error(`bench collab: --servers takes ${SERVER_NAMES.join(', ')}\n${USAGE}`);
      }
      options.servers = servers as ServerName[];
    } else if (name === 'postgres' || name === 'profile') {
      options[name] = value;
    } else if (name in DEFAULTS && typeof DEFAULTS[name as keyof CollabBenchOptions] === 'number') {
      const number = Number(value);
      if (!Number.isFinite(number) || number < 0) {
        throw new Error(`bench collab: --${name} must be a number\n${USAGE}`);
      }
      (options as unknown as Record<string, number>)[name] = number;
    } else {
      throw new Error(`bench collab: unknown option --${name}\n${USAGE}`);
    }
  }
  return options;
}
