import { spawn } from 'node:child_process';
import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isMirroredPath } from '../mirror/mirror-policy.ts';
import { appendWhileRewriting, RacingFiles } from '../test-support/append-race.ts';
import { TEMPORARY_PREFIX, WorkspaceFiles } from './local-files.ts';

// The candidate's shell writes a file whenever it likes, also while the
// mirror replaces it (decision 006). A write checks that the file is what
// the mirror last read, then replaces it: a shell write landing at any point
// of that must end up either on disk, where the mirror's next scan notices it
// (the stat the write returned no longer matches), or handed back by the
// write for the mirror to merge. Never silently gone.

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tandem-races-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const SHELL = '// appended by the shell\n';

/** The steps a write goes through (each a place a shell write can land). */
async function writeSteps(): Promise<string[]> {
  const files = new RacingFiles(root, null);
  writeFileSync(join(root, 'probe.ts'), 'probe\n');
  const before = statSync(join(root, 'probe.ts'));
  await files.write('probe.ts', 'probed\n', { size: before.size, mtimeMs: before.mtimeMs });
  rmSync(join(root, 'probe.ts'));
  return files.steps;
}

describe('a shell write racing a conditional write', () => {
  it('has steps to race at', async () => {
    expect((await writeSteps()).length).toBeGreaterThanOrEqual(3);
  });

  it('a `>>` landing at any step is kept on disk (and noticed) or handed back', async () => {
    const lost: string[] = [];
    for (const step of await writeSteps()) {
      const path = join(root, 'solution.ts');
      writeFileSync(path, 'export const a = 1;\n');
      const before = statSync(path);
      const files = new RacingFiles(root, null);
      files.race = (at) => {
        // As `echo … >> solution.ts` does: open by name with O_APPEND, write, close.
        if (at === step) appendFileSync(path, SHELL);
      };
      const written = await files.write(
        'solution.ts',
        'export const a = 2; // typed in the editor, longer than the append\n',
        { size: before.size, mtimeMs: before.mtimeMs },
      );
      const disk = readFileSync(path, 'utf8');
      const now = statSync(path);
      const onDiskAndNoticed =
        disk.includes(SHELL) &&
        (written === null || written.size !== now.size || written.mtimeMs !== now.mtimeMs);
      const handedBack =
        written?.concurrent !== undefined &&
        Buffer.from(written.concurrent).toString().includes(SHELL);
      if (!onDiskAndNoticed && !handedBack) lost.push(step);
    }
    expect(lost).toEqual([]);
  });

  it('a shell appending in a tight loop loses no line to a writer rewriting the file', async () => {
    const result = await appendWhileRewriting(
      (shellPid) => {
        // The shell is the sandbox's only process.
        const files = new WorkspaceFiles(root, null, () => [shellPid]);
        return {
          stat: (path) => files.stat(path),
          readFile: (path) => files.read(path),
          writeFile: (path, content, options) => files.write(path, content, options?.expected),
        };
      },
      root,
      'log.txt',
      20_000,
    );
    expect(result.writes).toBeGreaterThan(0);
    expect(result.lost).toEqual([]);
  });

  it('a file renamed over the name by the shell (sed -i) after the check is left alone', async () => {
    const path = join(root, 'solution.ts');
    writeFileSync(path, 'one\n');
    const before = statSync(path);
    const files = new RacingFiles(root, null);
    files.race = (step) => {
      if (step !== 'checked') return;
      writeFileSync(join(root, 'sed-tmp'), 'two\n');
      renameSync(join(root, 'sed-tmp'), path);
    };
    expect(
      await files.write('solution.ts', 'mine\n', { size: before.size, mtimeMs: before.mtimeMs }),
    ).toBeNull();
    expect(readFileSync(path, 'utf8')).toBe('two\n');
  });

  it('keeps the mode bits (executable too) and the owner, and leaves no temporary file', async () => {
    const path = join(root, 'run.sh');
    writeFileSync(path, 'echo 1\n', { mode: 0o755 });
    const owner = { uid: 12_345, gid: 12_346 };
    const files = new WorkspaceFiles(root, process.getuid?.() === 0 ? owner : null);
    await files.write('run.sh', 'echo 2\n');
    const after = statSync(path);
    expect(after.mode & 0o7777).toBe(0o755);
    if (process.getuid?.() === 0) expect([after.uid, after.gid]).toEqual([owner.uid, owner.gid]);
    expect(readdirSync(root)).toEqual(['run.sh']);
  });

  it('removes its temporary file when the write fails, and the mirror never imports one', async () => {
    writeFileSync(join(root, 'a.ts'), 'a');
    const files = new RacingFiles(root, null);
    files.race = (step) => {
      if (step === 'written') throw new Error('disk full');
    };
    await expect(files.write('a.ts', 'b')).rejects.toThrow('disk full');
    expect(readdirSync(root)).toEqual(['a.ts']);
    expect(readFileSync(join(root, 'a.ts'), 'utf8')).toBe('a');
    expect(isMirroredPath(`src/${TEMPORARY_PREFIX}0123456789abcdef`)).toBe(false);
  });

  it('a file the shell creates between the check and the link is not replaced', async () => {
    const files = new RacingFiles(root, null);
    files.race = (step) => {
      if (step === 'written') writeFileSync(join(root, 'new.ts'), 'from the shell');
    };
    expect(await files.write('new.ts', 'from the editor', null)).toBeNull();
    expect(readFileSync(join(root, 'new.ts'), 'utf8')).toBe('from the shell');
    expect(readdirSync(root)).toEqual(['new.ts']);
  });

  it('waits for a shell that opened the file before the rename and writes after it', async () => {
    const path = join(root, 'solution.ts');
    writeFileSync(path, 'one\n');
    // `>>` descheduled between its open and its write: holds the old file and
    // writes 100 ms after the rename, longer than the grace period.
    const shell = spawn(
      'sh',
      ['-c', 'exec 3>>solution.ts; echo ready; read go; sleep 0.1; echo late >&3'],
      {
        cwd: root,
        stdio: ['pipe', 'pipe', 'ignore'],
      },
    );
    await new Promise((resolve) => shell.stdout.once('data', resolve));
    const before = statSync(path);
    const files = new RacingFiles(root, null, () => [shell.pid!]);
    files.race = (step) => {
      if (step === 'renamed') shell.stdin.write('go\n');
    };
    const written = await files.write('solution.ts', 'two\n', {
      size: before.size,
      mtimeMs: before.mtimeMs,
    });
    expect(Buffer.from(written?.concurrent ?? []).toString()).toBe('one\nlate\n');
    expect(readFileSync(path, 'utf8')).toBe('two\n');
  });
});
