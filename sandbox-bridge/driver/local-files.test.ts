import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BridgeError } from '../errors.ts';
import { openRootFolder, usedBytesAt } from './folder-fd.ts';
import { WorkspaceFiles } from './local-files.ts';

// The candidate controls the workspace folder (a terminal can `ln -s` anything)
// while the bridge runs outside the sandbox: no file operation may follow a
// link out of the workspace.

let root: string;
let outside: string;
let files: WorkspaceFiles;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tandem-workspace-'));
  outside = mkdtempSync(join(tmpdir(), 'tandem-host-'));
  writeFileSync(join(outside, 'secret.txt'), 'host secret');
  files = new WorkspaceFiles(root, null);
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

async function badPath(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BridgeError);
  expect((error as BridgeError).code).toBe('BAD_PATH');
  return (error as BridgeError).message;
}

describe('WorkspaceFiles', () => {
  it('neither reads nor writes through a symlinked file', async () => {
    symlinkSync(join(outside, 'secret.txt'), join(root, 'leak.txt'));
    expect(await files.read('leak.txt')).toBeNull();
    expect(await files.stat('leak.txt')).toBeNull();
    expect(await badPath(files.write('leak.txt', 'overwritten'))).toContain('is a symlink');
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('host secret');
  });

  it('refuses any path that goes through a symlinked folder', async () => {
    symlinkSync(outside, join(root, 'linked'));
    expect(await badPath(files.read('linked/secret.txt'))).toContain('linked is not a folder');
    await badPath(files.write('linked/planted.txt', 'x'));
    await badPath(files.delete('linked/secret.txt'));
    expect(existsSync(join(outside, 'planted.txt'))).toBe(false);
    expect(existsSync(join(outside, 'secret.txt'))).toBe(true);
  });

  it('deletes a symlink itself, never what it points to', async () => {
    symlinkSync(join(outside, 'secret.txt'), join(root, 'leak.txt'));
    await files.delete('leak.txt');
    expect(existsSync(join(root, 'leak.txt'))).toBe(false);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('host secret');
  });

  it('refuses to write below a file, as if it were a folder', async () => {
    writeFileSync(join(root, 'notes'), 'a file');
    expect(await badPath(files.write('notes/today.md', 'x'))).toContain('notes is not a folder');
  });

  it('refuses to write a file over a folder with a coded error', async () => {
    mkdirSync(join(root, 'lib'));
    const error = await files.write('lib', 'x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BridgeError);
    expect((error as BridgeError).code).toBe('BAD_PATH');
    expect(statSync(join(root, 'lib')).isDirectory()).toBe(true);
  });

  it('writes only while the file is still what the caller last saw', async () => {
    const first = await files.write('src/app.ts', 'one');
    expect(first).toMatchObject({ size: 3 });
    // Someone (the shell) changed it since: the write is skipped, nothing is lost.
    writeFileSync(join(root, 'src/app.ts'), 'changed by the shell');
    expect(await files.write('src/app.ts', 'two', first)).toBeNull();
    expect(readFileSync(join(root, 'src/app.ts'), 'utf8')).toBe('changed by the shell');
    // A new file is written only while it does not exist (or is empty).
    expect(await files.write('src/app.ts', 'three', null)).toBeNull();
    expect(await files.write('src/new.ts', 'fresh', null)).toMatchObject({ size: 5 });
  });

  it('removes a folder only when it is empty', async () => {
    mkdirSync(join(root, 'full'));
    writeFileSync(join(root, 'full/keep.txt'), 'keep');
    mkdirSync(join(root, 'empty'));
    expect(await files.removeEmptyFolder('full')).toBe(false);
    expect(await files.removeEmptyFolder('empty')).toBe(true);
    expect(await files.removeEmptyFolder('never-was')).toBe(false);
    expect(statSync(join(root, 'full/keep.txt')).isFile()).toBe(true);
  });

  it('lists symlinks as symlinks without entering them, and leaves out dependency folders', async () => {
    await files.write('src/app.ts', 'x');
    mkdirSync(join(root, 'node_modules/left-pad'), { recursive: true });
    writeFileSync(join(root, 'node_modules/left-pad/index.js'), 'x');
    symlinkSync(outside, join(root, 'linked'));
    symlinkSync(join(outside, 'secret.txt'), join(root, 'leak.txt'));
    const listed = await files.list();
    expect(listed.map((entry) => `${entry.kind} ${entry.path}`)).toEqual([
      'symlink leak.txt',
      'symlink linked',
      'folder src',
      'file src/app.ts',
    ]);
  });

  it('reports a FIFO as a special file and neither reads nor writes it (no hang)', async () => {
    execFileSync('mkfifo', [join(root, 'pipe')]);
    expect(await files.read('pipe')).toBeNull();
    expect(await files.stat('pipe')).toBeNull();
    expect(await badPath(files.write('pipe', 'x'))).toContain('special file');
    expect((await files.list()).map((entry) => `${entry.kind} ${entry.path}`)).toEqual([
      'special pipe',
    ]);
    await files.delete('pipe');
    expect(existsSync(join(root, 'pipe'))).toBe(false);
  });

  it('refuses to write through a hard link to a file outside', async () => {
    linkSync(join(outside, 'secret.txt'), join(root, 'hard.txt'));
    expect(await badPath(files.write('hard.txt', 'overwritten'))).toContain('hard links');
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('host secret');
  });

  it('refuses to read a file larger than the cap with a coded error', async () => {
    writeFileSync(join(root, 'big.bin'), Buffer.alloc(64 * 1024));
    const error = await files.read('big.bin', 1024).catch((caught: unknown) => caught);
    expect((error as BridgeError).code).toBe('TOO_LARGE');
    expect((await files.read('big.bin', 64 * 1024))?.byteLength).toBe(64 * 1024);
  });
});

describe("usedBytesAt (the disk watchdog's sum)", () => {
  it('counts what is in the workspace, hard links once, and never follows a symlink out', () => {
    writeFileSync(join(outside, 'huge.bin'), Buffer.alloc(4 * 1024 * 1024, 1));
    symlinkSync(join(outside, 'huge.bin'), join(root, 'link.bin'));
    symlinkSync(outside, join(root, 'linked'));
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, 'node_modules/a.bin'), Buffer.alloc(1024 * 1024, 1));
    linkSync(join(root, 'node_modules/a.bin'), join(root, 'again.bin'));
    const fd = openRootFolder(root);
    try {
      const used = usedBytesAt(fd, Number.POSITIVE_INFINITY);
      expect(used).toBeGreaterThanOrEqual(1024 * 1024);
      expect(used).toBeLessThan(2 * 1024 * 1024);
      expect(usedBytesAt(fd, Number.POSITIVE_INFINITY, 2)).toBe(Number.POSITIVE_INFINITY);
    } finally {
      closeSync(fd);
    }
  });
});
