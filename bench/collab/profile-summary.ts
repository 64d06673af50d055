// Summarises the profiles `npm run bench -- collab --profile=<folder>` writes
// (loop-delay.ts): where the CPU went, what ran in the long tasks (stretches
// of the loop busy for more than 10 ms without going idle), and what
// allocated the bytes, each by package (node_modules/<name>), Node itself, or
// the project's own file.
//   node bench/collab/profile-summary.ts <folder or files…> [--top=12]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LONG_TASK_MS } from './loop-delay.ts';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

const ROOT = join(import.meta.dirname, '..', '..');

/** The package, Node internals, V8's pseudo-frames, or the project file a frame belongs to. */
export function placeOf(frame: CallFrame): string {
  if (!frame.url) {
    return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  }
  const modules = frame.url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = frame.url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (frame.url.startsWith('node:')) return 'node';
  const path = frame.url.replace(/^file:\/\//, '');
  return relative(ROOT, path);
}

function top(map: Map<string, number>, count: number, unit: (value: number) => string): string {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, value]) => `    ${unit(value).padStart(10)}  ${name}`)
    .join('\n');
}

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

/** CPU by place, and the long tasks with what ran in them. */
export function summariseCpu(profile: CpuProfile, count: number): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  const inLong = new Map<string, number>();
  const functions = new Map<string, number>();
  const idle = (id: number) => byId.get(id)?.callFrame.functionName === '(idle)';
  let busy = 0;
  let longTasks = 0;
  let longMs = 0;
  // A task: consecutive samples not idle.
  let task: { ms: number; places: Map<string, number> } = { ms: 0, places: new Map() };
  const endTask = () => {
    if (task.ms > LONG_TASK_MS) {
      longTasks += 1;
      longMs += task.ms;
      for (const [place, ms] of task.places) add(inLong, place, ms);
    }
    task = { ms: 0, places: new Map() };
  };
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    // The delta before a sample is the time it stands for.
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id)!;
    if (idle(id)) {
      endTask();
      continue;
    }
    const place = placeOf(node.callFrame);
    busy += ms;
    add(self, place, ms);
    add(
      functions,
      `${node.callFrame.functionName || '(anonymous)'} ${place}:${node.callFrame.lineNumber + 1}`,
      ms,
    );
    task.ms += ms;
    add(task.places, place, ms);
  }
  endTask();
  const seconds = (profile.endTime - profile.startTime) / 1e6;
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  return [
    `  cpu: ${seconds.toFixed(1)} s profiled, ${(busy / 1000).toFixed(2)} s busy; ${longTasks} long tasks (> ${LONG_TASK_MS} ms busy without idle), ${(longMs / 1000).toFixed(2)} s`,
    '  self time by place:',
    top(self, count, ms),
    '  in long tasks:',
    top(inLong, count, ms),
    '  functions:',
    top(functions, count, ms),
  ].join('\n');
}

/** Bytes allocated by place and by function (sampled, collected objects included). */
export function summariseHeap(root: HeapNode, count: number): string {
  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  const visit = (node: HeapNode) => {
    if (node.selfSize > 0) {
      total += node.selfSize;
      const place = placeOf(node.callFrame);
      add(places, place, node.selfSize);
      add(
        functions,
        `${node.callFrame.functionName || '(anonymous)'} ${place}:${node.callFrame.lineNumber + 1}`,
        node.selfSize,
      );
    }
    for (const child of node.children) visit(child);
  };
  visit(root);
  const mb = (value: number) => `${(value / 1024 / 1024).toFixed(1)} MB`;
  return [
    `  allocated (sampled): ${mb(total)}`,
    '  by place:',
    top(places, count, mb),
    '  by function:',
    top(functions, count, mb),
  ].join('\n');
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const count = Number(args.find((arg) => arg.startsWith('--top='))?.slice(6) ?? 12);
  const files = args
    .filter((arg) => !arg.startsWith('--'))
    .flatMap((arg) =>
      statSync(arg).isDirectory()
        ? readdirSync(arg)
            .sort()
            .map((file) => join(arg, file))
        : [arg],
    );
  for (const file of files) {
    if (file.endsWith('.cpuprofile')) {
      process.stdout.write(
        `${file}\n${summariseCpu(JSON.parse(readFileSync(file, 'utf8')), count)}\n`,
      );
    } else if (file.endsWith('.heapprofile')) {
      const profile = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };
      process.stdout.write(`${file}\n${summariseHeap(profile.head, count)}\n`);
    }
  }
}
