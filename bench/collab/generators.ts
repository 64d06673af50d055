import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  GeneratorReply,
  GeneratorReport,
  GeneratorRequest,
  GeneratorSpec,
} from './generator.ts';

const SCRIPT = join(import.meta.dirname, 'generator.ts');

/** The core the server under test is pinned to; generators get the others. */
export const SERVER_CORE = 0;

/** `taskset -c <cores>` arguments for a process kept off the server's core, if the machine has one to spare. */
export function pinnedApart(): string[] {
  const count = cpus().length;
  if (count < 2) return [];
  return ['taskset', '-c', count === 2 ? '1' : `1-${count - 1}`];
}

/** One generator child (bench/collab/generator.ts), driven over IPC. */
class GeneratorProcess {
  private readonly child: ChildProcess;
  private readonly specFile: string;
  private output = '';
  private readonly replies: GeneratorReply[] = [];
  private waiting: (() => void) | null = null;
  private readonly exited: Promise<void>;

  constructor(spec: GeneratorSpec, index: number) {
    this.specFile = join(tmpdir(), `tandem-bench-generator-${process.pid}-${index}.json`);
    writeFileSync(this.specFile, JSON.stringify(spec));
    const command = [...pinnedApart(), process.execPath, SCRIPT];
    this.child = spawn(command[0]!, command.slice(1), {
      env: { ...process.env, GENERATOR_SPEC_FILE: this.specFile },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const onData = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-4000);
    };
    this.child.stdout?.on('data', onData);
    this.child.stderr?.on('data', onData);
    this.child.on('message', (reply: GeneratorReply) => {
      this.replies.push(reply);
      this.waiting?.();
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', () => {
        this.waiting?.();
        resolve();
      }),
    );
  }

  /** Sends `request` (if any) and resolves with the next reply of type `expected`. */
  async next<T extends GeneratorReply['type']>(
    expected: T,
    request?: GeneratorRequest,
    timeoutMs = 300_000,
  ): Promise<Extract<GeneratorReply, { type: T }>> {
    if (request) this.child.send(request);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.replies.findIndex((reply) => reply.type === expected);
      if (index >= 0) {
        return this.replies.splice(index, 1)[0] as Extract<GeneratorReply, { type: T }>;
      }
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`bench collab: a generator exited before "${expected}":\n${this.output}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`bench collab: a generator did not answer "${expected}":\n${this.output}`);
      }
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
        setTimeout(resolve, 1000);
      });
      this.waiting = null;
    }
  }

  async close(): Promise<void> {
    if (this.child.connected) this.child.send({ type: 'close' } satisfies GeneratorRequest);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
    rmSync(this.specFile, { force: true });
  }
}

/**
 * The load of one measurement: `count` generator processes sharing the
 * sessions, each opening its own clients. Every step is sent to all of them
 * and awaited from all of them.
 */
export class Generators {
  private readonly children: GeneratorProcess[];

  private constructor(children: GeneratorProcess[]) {
    this.children = children;
  }

  /** Starts the generators and waits until every client is connected and synced. */
  static async start(spec: Omit<GeneratorSpec, 'from' | 'to'>, count: number): Promise<Generators> {
    const children: GeneratorProcess[] = [];
    const per = Math.ceil(spec.sessions / count);
    for (let i = 0; i * per < spec.sessions; i++) {
      const from = i * per;
      children.push(
        new GeneratorProcess({ ...spec, from, to: Math.min(spec.sessions, from + per) }, i),
      );
    }
    const generators = new Generators(children);
    try {
      await Promise.all(children.map((child) => child.next('ready')));
    } catch (error) {
      await generators.close();
      throw error;
    }
    return generators;
  }

  async warmup(seconds: number): Promise<void> {
    await Promise.all(
      this.children.map((child) => child.next('warm', { type: 'warmup', seconds })),
    );
  }

  async type(seconds: number, rate: number): Promise<void> {
    await Promise.all(
      this.children.map((child) => child.next('typed', { type: 'type', seconds, rate })),
    );
  }

  async report(): Promise<GeneratorReport[]> {
    return Promise.all(this.children.map((child) => child.next('report', { type: 'report' })));
  }

  async close(): Promise<void> {
    await Promise.all(this.children.map((child) => child.close()));
  }
}
