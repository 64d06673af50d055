import { spawn } from 'node:child_process';
import { WorkspaceFiles } from '../driver/local-files.ts';
import type { SandboxHandle } from '../driver/types.ts';

/** WorkspaceFiles that runs `race` at each step of a write: a shell that got there first. */
export class RacingFiles extends WorkspaceFiles {
  race: ((step: string) => void) | null = null;
  readonly steps: string[] = [];
  protected override reached(step: string): void {
    this.steps.push(step);
    const race = this.race;
    if (race) race(step);
  }
}

type Files = Pick<SandboxHandle, 'readFile' | 'stat' | 'writeFile'>;

/**
 * A real shell appending `lines` numbered lines to `path` with `>>` in a
 * tight loop while a mirror-like writer rewrites the file as often as it can:
 * read, add a line of its own, write conditionally on what it read. Returns
 * the shell's line numbers found neither on disk at the end nor in what the
 * writes handed back as written to the replaced file.
 */
export async function appendWhileRewriting(
  filesFor: (shellPid: number) => Files,
  root: string,
  path: string,
  lines: number,
): Promise<{ lost: number[]; writes: number; handedBack: number }> {
  const shell = spawn(
    'sh',
    ['-c', `i=0; while [ $i -lt ${lines} ]; do echo "shell $i" >> ${path}; i=$((i+1)); done`],
    { cwd: root, stdio: 'ignore' },
  );
  const files = filesFor(shell.pid!);
  const exited = new Promise<void>((resolve) => shell.on('exit', () => resolve()));
  let running = true;
  void exited.then(() => {
    running = false;
  });
  const kept = new Set<string>();
  let writes = 0;
  let handedBack = 0;
  for (let round = 0; running; round++) {
    // A turn of the event loop, for the shell's exit to be seen.
    await new Promise((resolve) => setImmediate(resolve));
    const before = await files.stat(path);
    const bytes = await files.readFile(path);
    const disk = bytes ? Buffer.from(bytes).toString() : '';
    const written = await files.writeFile(path, `${disk}mirror ${round}\n`, { expected: before });
    if (written) writes += 1;
    if (written?.concurrent) {
      handedBack += 1;
      for (const line of Buffer.from(written.concurrent).toString().split('\n')) kept.add(line);
    }
  }
  await exited;
  const final = Buffer.from((await files.readFile(path)) ?? new Uint8Array()).toString();
  for (const line of final.split('\n')) kept.add(line);
  const lost: number[] = [];
  for (let i = 0; i < lines; i++) if (!kept.has(`shell ${i}`)) lost.push(i);
  return { lost, writes, handedBack };
}
