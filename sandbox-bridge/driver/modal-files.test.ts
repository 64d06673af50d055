import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { Sandbox } from 'modal';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { silentLogger } from '../../protocol/logger.ts';
import { BridgeError } from '../errors.ts';
import { TEMPORARY_PREFIX, WorkspaceFiles } from './local-files.ts';
import { ModalSandbox, ModalSandboxDriver } from './modal-driver.ts';
import { MODAL_FILES_SCRIPT } from './modal-files.ts';
import { MODAL_WORKSPACE } from './modal-mapping.ts';

// Modal cannot be reached from here. The helper the Modal driver execs in the
// container (modal-files.ts) is run for real with this machine's python3, by a
// fake Modal Sandbox that records each exec and runs it locally with the
// workspace root pointed at a temp folder. Its answers are compared with the
// local driver's (WorkspaceFiles) on the same hostile folder.

const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

interface ExecCall {
  command: string[];
  params: Record<string, unknown> | undefined;
}

function fakeSandbox(root: string, calls: ExecCall[], prelude = ''): Sandbox {
  return {
    exec: async (command: string[], params?: Record<string, unknown>) => {
      calls.push({ command, params });
      // Debian's python3 (3.11, as in the node:24-bookworm image), not a PATH shim.
      const args = command.map((arg) =>
        arg === 'python3'
          ? PYTHON
          : arg === MODAL_FILES_SCRIPT
            ? prelude + arg
            : arg.replace(`"root":"${MODAL_WORKSPACE}"`, `"root":${JSON.stringify(root)}`),
      );
      const child = spawn(args[0]!, args.slice(1), { cwd: root });
      const exited = new Promise<number>((resolve) =>
        child.on('close', (code) => resolve(code ?? 137)),
      );
      return {
        stdin: Writable.toWeb(child.stdin),
        stdout: Readable.toWeb(child.stdout),
        stderr: Readable.toWeb(child.stderr),
        wait: () => exited,
      };
    },
  } as unknown as Sandbox;
}

let root: string;
let outside: string;
let calls: ExecCall[];
let modal: ModalSandbox;
let local: WorkspaceFiles;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tandem-modal-ws-'));
  outside = mkdtempSync(join(tmpdir(), 'tandem-modal-host-'));
  writeFileSync(join(outside, 'canary.txt'), 'canary');
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src/a.ts'), 'abc');
  mkdirSync(join(root, 'node_modules/dep'), { recursive: true });
  writeFileSync(join(root, 'node_modules/dep/index.js'), 'x');
  symlinkSync(join(outside, 'canary.txt'), join(root, 'leak.txt'));
  symlinkSync(outside, join(root, 'linked'));
  symlinkSync('/dev/zero', join(root, 'zero'));
  execFileSync('mkfifo', [join(root, 'pipe')]);
  linkSync(join(outside, 'canary.txt'), join(root, 'hard.txt'));
  writeFileSync(join(root, 'huge.bin'), '');
  truncateSync(join(root, 'huge.bin'), 20 * 1024 * 1024);
  calls = [];
  const driver = new ModalSandboxDriver({
    tokenId: 'ak-test',
    tokenSecret: 'as-test',
    appName: 'tandem-test',
    logger: silentLogger(),
  });
  modal = new ModalSandbox(driver, 's-files', fakeSandbox(root, calls));
  local = new WorkspaceFiles(root, null);
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BridgeError);
  return { code: (error as BridgeError).code, message: (error as BridgeError).message };
}

const shape = (entries: { path: string; kind: string; size: number }[]) =>
  entries.map(({ path, kind, size }) => ({ path, kind, size }));

describe('the Modal file helper, against the local driver on a hostile folder', () => {
  test('listings report symlinks, FIFOs and links by kind, never entered, as the local driver does', async () => {
    const listed = await modal.list();
    expect(shape(listed)).toEqual(shape(await local.list()));
    expect(listed.find((e) => e.path === 'leak.txt')?.kind).toBe('symlink');
    expect(listed.find((e) => e.path === 'linked')?.kind).toBe('symlink');
    expect(listed.find((e) => e.path === 'pipe')?.kind).toBe('special');
    expect(
      listed.some((e) => e.path.startsWith('linked/') || e.path.startsWith('node_modules')),
    ).toBe(false);
    expect(listed.find((e) => e.path === 'src/a.ts')!.mtimeMs).toBeGreaterThan(0);
  });

  test('reads follow nothing, a FIFO or /dev/zero does not hang, the cap holds', async () => {
    for (const path of ['leak.txt', 'zero', 'pipe', 'src', 'missing.txt']) {
      expect(await modal.readFile(path)).toBeNull();
      expect(await local.read(path)).toBeNull();
      expect(await modal.stat(path)).toBeNull();
    }
    expect(Buffer.from((await modal.readFile('src/a.ts'))!).toString()).toBe('abc');
    const viaLink = await refusal(modal.readFile('linked/canary.txt'));
    expect(viaLink).toEqual(await refusal(local.read('linked/canary.txt')));
    expect(viaLink.code).toBe('BAD_PATH');
    const huge = await refusal(modal.readFile('huge.bin'));
    expect(huge).toEqual(await refusal(local.read('huge.bin')));
    expect(huge.code).toBe('TOO_LARGE');
    expect((await refusal(modal.readFile('src/a.ts', { maxBytes: 2 }))).code).toBe('TOO_LARGE');
    expect(await modal.stat('src/a.ts')).toMatchObject({ path: 'src/a.ts', kind: 'file', size: 3 });
  });

  test('writes refuse symlinks, FIFOs, hard links and symlinked folders with the local codes', async () => {
    for (const path of ['leak.txt', 'pipe', 'hard.txt', 'linked/planted.txt', 'src']) {
      const fromModal = await refusal(modal.writeFile(path, 'overwritten'));
      expect(fromModal).toEqual(await refusal(local.write(path, 'overwritten')));
      expect(fromModal.code).toBe('BAD_PATH');
    }
    expect(readFileSync(join(outside, 'canary.txt'), 'utf8')).toBe('canary');
    expect(() => readFileSync(join(outside, 'planted.txt'))).toThrow();
  });

  test('writes create folders, compare-and-write in one step, and report size and mtime', async () => {
    const written = await modal.writeFile('new/deep/b.py', 'print(1)\n');
    expect(written?.size).toBe(9);
    expect(readFileSync(join(root, 'new/deep/b.py'), 'utf8')).toBe('print(1)\n');
    expect(await modal.stat('new/deep/b.py')).toMatchObject({ size: 9, mtimeMs: written!.mtimeMs });
    expect(
      await modal.writeFile('new/deep/b.py', 'x', { expected: { size: 1, mtimeMs: 1 } }),
    ).toBeNull();
    expect(await modal.writeFile('new/deep/b.py', 'y', { expected: written })).toMatchObject({
      size: 1,
    });
    expect(await modal.writeFile('src/a.ts', 'z', { expected: null })).toBeNull();
    const binary = new Uint8Array([0, 255, 10, 13]);
    await modal.writeFile('bin.dat', binary);
    expect(new Uint8Array(readFileSync(join(root, 'bin.dat')))).toEqual(binary);
    expect(await modal.readFile('bin.dat')).toEqual(binary);
  });

  test('deletes remove the entry itself, folders only when empty, never through a link', async () => {
    await modal.deleteFile('leak.txt');
    await modal.deleteFile('hard.txt');
    expect(readFileSync(join(outside, 'canary.txt'), 'utf8')).toBe('canary');
    expect((await refusal(modal.deleteFile('linked/canary.txt'))).code).toBe('BAD_PATH');
    expect(readFileSync(join(outside, 'canary.txt'), 'utf8')).toBe('canary');
    expect(await modal.removeEmptyFolder('linked')).toBe(false);
    expect(await modal.removeEmptyFolder('src')).toBe(false);
    await modal.makeFolder('empty/inner');
    expect(await modal.removeEmptyFolder('empty/inner')).toBe(true);
    expect((await refusal(modal.makeFolder('linked/inside'))).code).toBe('BAD_PATH');
    const names = (await modal.list()).map((e) => e.path);
    expect(names).not.toContain('leak.txt');
    expect(names).toContain('empty');
  });

  test('each operation is one isolated python3 exec under a kill timeout, from /, never filesystem.*', async () => {
    await modal.readFile('src/a.ts');
    await modal.writeFile('src/a.ts', 'abcd');
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.command.slice(0, 7)).toEqual([
        'timeout',
        '-s',
        'KILL',
        '60s',
        'python3',
        '-I',
        '-c',
      ]);
      expect(call.params).toMatchObject({ mode: 'binary', workdir: '/' });
      expect(JSON.parse(call.command.at(-1)!)).toMatchObject({ root: MODAL_WORKSPACE });
    }
    expect(calls.map((c) => c.command.at(-2))).toEqual(['read', 'write']);
  });

  test('a shell appending in bursts loses no line to the helper rewriting the file', async () => {
    // The helper takes a process start per write, longer than a tight `>>` loop
    // leaves a file alone: the shell pauses between bursts (it is the adversary's
    // pace), and the writer goes on until five writes went through.
    const shell = spawn(
      'sh',
      [
        '-c',
        'i=0; while [ ! -e stop ]; do echo "shell $i" >> log.txt; i=$((i+1)); [ $((i % 200)) -eq 0 ] && sleep 0.3; done; echo $i > count',
      ],
      { cwd: root, stdio: 'ignore' },
    );
    const exited = new Promise<void>((resolve) => shell.on('exit', () => resolve()));
    const kept = new Set<string>();
    let writes = 0;
    for (let round = 0; writes < 5; round++) {
      // stat and read here (fast), the write through the helper.
      const before = await local.stat('log.txt');
      const bytes = await local.read('log.txt');
      const disk = bytes ? Buffer.from(bytes).toString() : '';
      const written = await modal.writeFile('log.txt', `${disk}mirror ${round}\n`, {
        expected: before,
      });
      if (written) writes += 1;
      for (const line of Buffer.from(written?.concurrent ?? [])
        .toString()
        .split('\n')) {
        kept.add(line);
      }
    }
    writeFileSync(join(root, 'stop'), '');
    await exited;
    for (const line of readFileSync(join(root, 'log.txt'), 'utf8').split('\n')) kept.add(line);
    const count = Number(readFileSync(join(root, 'count'), 'utf8'));
    const lost = Array.from({ length: count }, (_, i) => i).filter((i) => !kept.has(`shell ${i}`));
    expect(lost).toEqual([]);
  });

  test('a shell `>>` landing between the check and the replacement is handed back, not lost', async () => {
    // The real helper, with a shell append put right before the step that
    // replaces the file's content (ftruncate in place before, rename now).
    const target = join(root, 'src/a.ts');
    const prelude = [
      'import os as _os',
      'def _race(original):',
      '    def racing(*args, **kwargs):',
      '        if not _os.environ.get("RACED"):',
      '            _os.environ["RACED"] = "1"',
      `            with open(${JSON.stringify(target)}, "a") as shell: shell.write("// shell\\n")`,
      '        return original(*args, **kwargs)',
      '    return racing',
      '_os.ftruncate = _race(_os.ftruncate)',
      '_os.rename = _race(_os.rename)',
      '',
    ].join('\n');
    const racing = new ModalSandbox(
      new ModalSandboxDriver({
        tokenId: 'ak-test',
        tokenSecret: 'as-test',
        appName: 'tandem-test',
        logger: silentLogger(),
      }),
      's-race',
      fakeSandbox(root, [], prelude),
    );
    const before = await racing.stat('src/a.ts');
    const written = await racing.writeFile('src/a.ts', 'typed in the editor\n', {
      expected: before,
    });
    const onDisk = readFileSync(target, 'utf8');
    const handedBack = Buffer.from(written?.concurrent ?? []).toString();
    expect(onDisk.includes('// shell') || handedBack.includes('// shell')).toBe(true);
    expect(handedBack).toBe('abc// shell\n');
    expect(onDisk).toBe('typed in the editor\n');
  });

  test('a write keeps the mode bits, leaves no temporary file, and a new file never replaces one the shell made', async () => {
    writeFileSync(join(root, 'run.sh'), 'echo 1\n', { mode: 0o750 });
    const before = await modal.stat('run.sh');
    expect(await modal.writeFile('run.sh', 'echo 2\n', { expected: before })).toMatchObject({
      size: 7,
    });
    expect(statSync(join(root, 'run.sh')).mode & 0o777).toBe(0o750);
    expect(await modal.writeFile('src/a.ts', 'not over the shell', { expected: null })).toBeNull();
    expect(readdirSync(root).filter((name) => name.startsWith(TEMPORARY_PREFIX))).toEqual([]);
  });
});
