// One load generator of `npm run bench -- collab`, in a process of its own
// (pinned by the benchmark to a core apart from the server when it can):
// it opens sessions [FROM, TO) of the server its spec names, then does what
// the benchmark asks over IPC and answers each request when done:
//   warmup {seconds} → warm; type {seconds, rate} → typed;
//   report → its measurements (GeneratorReport); close → exits.
//   node bench/collab/generator.ts  (env: GENERATOR_SPEC_FILE = a JSON GeneratorSpec)
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { type ClientSpec, clientOpener } from './clients.ts';
import { LiveSessions } from './load.ts';
import { typingScripts } from './trace-typist.ts';

export interface GeneratorSpec {
  clients: ClientSpec;
  /** Sessions [from, to) of all `sessions` are this generator's. */
  from: number;
  to: number;
  sessions: number;
  observers: number;
  /** Keystrokes in each candidate's script. */
  keystrokesEach: number;
}

export type GeneratorRequest =
  | { type: 'warmup'; seconds: number }
  | { type: 'type'; seconds: number; rate: number }
  | { type: 'report' }
  | { type: 'close' };

export interface GeneratorReport {
  type: 'report';
  keystrokes: number;
  /** Keystroke-to-observer latencies (ms) of the deliveries that arrived. */
  latencies: number[];
  /** Deliveries to observers that never arrived. */
  undelivered: number;
  /** Keystroke to acknowledgement (ms; Tandem's candidates). */
  applied: number[];
  durable: number[];
  /** This process' event-loop delay while typing (ms). */
  lagP99: number;
  lagMax: number;
  /** This process' CPU seconds while typing, and how long it typed. */
  cpuSeconds: number;
  typingSeconds: number;
}

export type GeneratorReply = { type: 'ready' | 'warm' | 'typed' } | GeneratorReport;

if (process.send) await main();

async function main(): Promise<void> {
  const spec = JSON.parse(
    readFileSync(process.env.GENERATOR_SPEC_FILE ?? '', 'utf8'),
  ) as GeneratorSpec;
  const send = (reply: GeneratorReply) => process.send!(reply);
  const open = clientOpener(spec.clients);
  const scripts = typingScripts(spec.sessions, spec.keystrokesEach).slice(spec.from, spec.to);
  const sessions = await LiveSessions.open(
    spec.to - spec.from,
    spec.observers,
    scripts,
    (s, role) => open(spec.from + s, role),
  );
  const lag = monitorEventLoopDelay({ resolution: 5 });
  let cpu = 0;
  let typing = 0;
  process.on('message', async (request: GeneratorRequest) => {
    if (request.type === 'warmup') {
      await sessions.start(request.seconds);
      send({ type: 'warm' });
    } else if (request.type === 'type') {
      const before = process.cpuUsage();
      const started = performance.now();
      lag.enable();
      await sessions.typeFor(request.seconds, request.rate);
      lag.disable();
      typing += (performance.now() - started) / 1000;
      const used = process.cpuUsage(before);
      cpu += (used.user + used.system) / 1e6;
      send({ type: 'typed' });
    } else if (request.type === 'report') {
      send({
        type: 'report',
        keystrokes: sessions.keystrokes,
        latencies: sessions.latencies,
        undelivered: sessions.undelivered(),
        applied: sessions.acks('applied'),
        durable: sessions.acks('durable'),
        lagP99: lag.count > 0 ? lag.percentile(99) / 1e6 : 0,
        lagMax: lag.count > 0 ? lag.max / 1e6 : 0,
        cpuSeconds: cpu,
        typingSeconds: typing,
      });
    } else if (request.type === 'close') {
      sessions.close();
      process.disconnect();
      setTimeout(() => process.exit(0), 200).unref();
    }
  });
  send({ type: 'ready' });
}
