import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  linkSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmdirSync,
  type Stats,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { LIMITS } from '../../protocol/limits.ts';
import { normalizeWorkspacePath } from '../../protocol/paths.ts';
import { BridgeError } from '../errors.ts';
import { at, isCode, kindOf, lstatAt, openFolderAt, openRootFolder } from './folder-fd.ts';
import { heldOpenBy } from './open-holders.ts';
import type { WorkspaceEntry, WrittenFile } from './types.ts';

/** Folders never mirrored, listed or archived: dependencies, caches, VCS data. */
export const IGNORED_FOLDERS = new Set([
  'node_modules',
  '.git',
  '__pycache__',
  '.venv',
  'venv',
  '.pytest_cache',
  '.mypy_cache',
  '.cache',
  '.npm',
  // The bridge's test harness, copied in for each run.
  '.tandem',
]);

/** Most entries a listing returns; a workspace is a handful of files. */
export const MAX_LISTED_ENTRIES = LIMITS.maxFilesPerSession * 4;

/** Most bytes a read returns by default: the bridge holds what it reads in memory. */
export const MAX_READ_BYTES = 8 * 1024 * 1024;

// O_NONBLOCK: opening a FIFO the candidate made must not hang the bridge.
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const TEMPORARY_FLAGS =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * File operations confined to one workspace folder. The candidate controls
 * that folder and can change it between any two system calls, while the
 * bridge runs outside the sandbox (often as root). So nothing here opens a
 * path by name below the root: each operation opens the workspace folder,
 * walks to the parent one name at a time with O_NOFOLLOW (folder-fd.ts), and
 * acts on the last name relative to that parent. Symlinks and special files
 * (FIFOs, sockets, devices) are reported as what they are and never followed
 * or opened for content. See docs/decisions/012-file-access.md.
 */
export class WorkspaceFiles {
  readonly root: string;
  readonly owner: { uid: number; gid: number } | null;
  /** The sandbox's processes, to tell whether one still holds a replaced file (open-holders.ts). */
  private readonly processes: () => Iterable<number>;

  constructor(
    root: string,
    owner: { uid: number; gid: number } | null,
    processes: () => Iterable<number> = () => [],
  ) {
    this.root = root;
    this.owner = owner;
    this.processes = processes;
  }

  /**
   * Runs `use` with the parent folder of `path` open (null when a folder on
   * the way is missing) and the last name. BAD_PATH when a folder on the way
   * is a symlink or a file.
   */
  private withParent<T>(
    path: string,
    create: boolean,
    use: (parentFd: number | null, name: string, normal: string) => T,
  ): T {
    const normal = normalizeWorkspacePath(path);
    const parts = normal.split('/');
    const name = parts.pop()!;
    const rootFd = openRootFolder(this.root);
    let parent: number | null = null;
    try {
      parent = openFolderAt(rootFd, parts, { create, owner: this.owner });
      return use(parent, name, normal);
    } finally {
      if (parent !== null && parent !== rootFd) closeSync(parent);
      closeSync(rootFd);
    }
  }

  /**
   * The bytes of a regular file; null when there is none (missing, a folder,
   * a symlink or a special file). TOO_LARGE beyond `maxBytes`.
   */
  async read(path: string, maxBytes = MAX_READ_BYTES): Promise<Uint8Array | null> {
    return this.withParent(path, false, (parent, name, normal) => {
      if (parent === null) return null;
      let fd: number;
      try {
        fd = openSync(at(parent, name), READ_FLAGS);
      } catch (error) {
        if (isCode(error, 'ENOENT', 'ELOOP', 'ENOTDIR', 'ENXIO', 'EACCES')) return null;
        throw error;
      }
      try {
        const stat = fstatSync(fd);
        if (!stat.isFile()) return null;
        if (stat.size > maxBytes) throw tooLarge(normal, maxBytes);
        // Read to the end, not to the size fstat gave: the file may be growing.
        let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(stat.size + 1, 4096)));
        let length = 0;
        for (;;) {
          if (length === buffer.length) {
            // Grown since the fstat (a shell appending): TOO_LARGE only past the cap.
            if (length > maxBytes) throw tooLarge(normal, maxBytes);
            const larger = Buffer.allocUnsafe(Math.min(maxBytes + 1, length * 2));
            buffer.copy(larger, 0, 0, length);
            buffer = larger;
          }
          const read = readSync(fd, buffer, length, buffer.length - length, null);
          if (read === 0) break;
          length += read;
        }
        if (length > maxBytes) throw tooLarge(normal, maxBytes);
        return new Uint8Array(buffer.subarray(0, length));
      } finally {
        closeSync(fd);
      }
    });
  }

  /**
   * Writes `content` as a new file that replaces the old one by name, so that
   * a shell write racing the mirror is never lost in place (decision 006):
   *
   * 1. The old file is opened (O_NOFOLLOW, read-only) and checked against
   *    `expected`; symlinks, special files and hard-linked files are refused.
   * 2. The content goes to a fresh temporary file in the same folder
   *    (random name, O_CREAT|O_EXCL|O_NOFOLLOW; the old file's mode, the
   *    sandbox's owner), whose fstat is what the caller records: a shell
   *    write that reaches the new file after the rename changes it.
   * 3. rename() puts it at the name, atomically for anyone who opens the name
   *    afterwards; a new file is link()ed instead, which fails when the shell
   *    created the name meanwhile. Just before, the name must still be the
   *    checked inode (a shell's own rename over it wins).
   * 4. The old inode, still open, is read again after a short grace period
   *    and once no process of the sandbox holds it open any more (at most
   *    HOLDER_WAIT_MS): when a shell wrote it after the check (`>>` that
   *    opened it before the rename), its bytes are no longer on disk and
   *    come back as `concurrent`, for the caller to merge and write again.
   *
   * A process that keeps the old file open longer and writes to it later
   * writes into the replaced inode: a documented limit.
   */
  async write(
    path: string,
    content: Uint8Array | string,
    expected?: Pick<WorkspaceEntry, 'size' | 'mtimeMs'> | null,
  ): Promise<WrittenFile | null> {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    const normal = normalizeWorkspacePath(path);
    const parts = normal.split('/');
    const name = parts.pop()!;
    const rootFd = openRootFolder(this.root);
    let parent: number | null = null;
    let old: number | null = null;
    try {
      parent = openFolderAt(rootFd, parts, { create: true, owner: this.owner })!;
      old = openExisting(parent, name, normal);
      const checked = old === null ? null : fstatSync(old);
      if (checked && checked.nlink > 1) {
        // A hard link to a file elsewhere: replacing our name would leave the
        // other name holding the old text; writing through it would change it.
        throw new BridgeError('BAD_PATH', `${normal} has other hard links; it is left alone.`);
      }
      if (expected !== undefined) {
        const same =
          expected === null
            ? checked === null || checked.size === 0
            : checked !== null &&
              checked.size === expected.size &&
              checked.mtimeMs === expected.mtimeMs;
        if (!same) return null;
      }
      this.reached('checked');
      const written = this.replace(parent, name, bytes, checked, old);
      if (written === null || old === null || checked === null) return written;
      // A `>>` that opened the old file before the rename writes right after
      // it: wait for it while a process of the sandbox still holds the file.
      // Each look is a /proc walk: they come further apart (5, 10, 20… ms), and
      // after an answer of null (too many descriptors to tell) only the wait is left.
      const until = Date.now() + HOLDER_WAIT_MS;
      let held: boolean | null = true;
      for (let delay = CONCURRENT_GRACE_MS; held !== false && Date.now() < until; delay *= 2) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        if (held) held = heldOpenBy(this.processes(), checked.dev, checked.ino);
      }
      this.reached('graced');
      const now = fstatSync(old);
      if (now.size === checked.size && now.mtimeMs === checked.mtimeMs) return written;
      return { ...written, concurrent: readAll(old, MAX_READ_BYTES) };
    } finally {
      if (old !== null) closeSync(old);
      if (parent !== null && parent !== rootFd) closeSync(parent);
      closeSync(rootFd);
    }
  }

  /**
   * Steps 2 and 3 of `write`: the temporary file, then rename (or link) it to
   * `name`. Null when the name changed since the check. The temporary name is
   * gone afterwards, whatever happened.
   */
  private replace(
    parent: number,
    name: string,
    bytes: Uint8Array,
    checked: Stats | null,
    old: number | null,
  ): WrittenFile | null {
    const { fd, temporary } = createTemporary(parent);
    let placed = false;
    try {
      fchmodSync(fd, checked ? checked.mode & 0o777 : 0o644);
      if (this.owner) fchownSync(fd, this.owner.uid, this.owner.gid);
      for (let offset = 0; offset < bytes.byteLength; ) {
        offset += writeSync(fd, bytes, offset, bytes.byteLength - offset, offset);
      }
      // Taken before the rename: a shell write after it changes the file's stat.
      const written = fstatSync(fd);
      this.reached('written');
      if (old !== null && checked !== null) {
        // The shell may have renamed its own file over the name (sed -i, an
        // editor): that file is the newer one, not ours to replace.
        const current = lstatAt(parent, name);
        if (!current || current.ino !== checked.ino || current.dev !== checked.dev) return null;
        // rename() replaces the entry at the name whatever it is now, never following it.
        renameSync(at(parent, temporary), at(parent, name));
        placed = true;
      } else {
        try {
          // link() never replaces: the shell creating the name meanwhile wins.
          linkSync(at(parent, temporary), at(parent, name));
        } catch (error) {
          if (isCode(error, 'EEXIST')) return null;
          throw error;
        }
      }
      this.reached('renamed');
      return { size: written.size, mtimeMs: written.mtimeMs };
    } finally {
      closeSync(fd);
      if (!placed) unlinkQuietly(parent, temporary);
    }
  }

  /** Called between the steps of a write; tests put a racing shell write there. */
  protected reached(_step: string): void {}

  /** Size and mtime of a regular file; null for anything else (never followed). */
  async stat(path: string): Promise<WorkspaceEntry | null> {
    return this.withParent(path, false, (parent, name, normal) => {
      const stat = parent === null ? null : lstatAt(parent, name);
      if (!stat?.isFile()) return null;
      return { path: normal, kind: 'file', size: stat.size, mtimeMs: stat.mtimeMs };
    });
  }

  /** Deletes a file, symlink or special file (the entry itself); folders are left. */
  async delete(path: string): Promise<void> {
    this.withParent(path, false, (parent, name) => {
      if (parent === null) return;
      const stat = lstatAt(parent, name);
      if (!stat || stat.isDirectory()) return;
      try {
        unlinkSync(at(parent, name));
      } catch (error) {
        if (!isCode(error, 'ENOENT', 'EISDIR')) throw error;
      }
    });
  }

  async makeFolder(path: string): Promise<void> {
    const normal = normalizeWorkspacePath(path);
    const rootFd = openRootFolder(this.root);
    try {
      const fd = openFolderAt(rootFd, normal.split('/'), { create: true, owner: this.owner });
      if (fd !== null && fd !== rootFd) closeSync(fd);
    } finally {
      closeSync(rootFd);
    }
  }

  async removeEmptyFolder(path: string): Promise<boolean> {
    return this.withParent(path, false, (parent, name) => {
      if (parent === null || !lstatAt(parent, name)?.isDirectory()) return false;
      try {
        // rmdir never follows a symlink: one swapped in meanwhile gives ENOTDIR.
        rmdirSync(at(parent, name));
        return true;
      } catch {
        return false;
      }
    });
  }

  /**
   * Files, folders, symlinks and special files (each as its kind, none
   * followed), skipping ignored folders, bounded in depth and count.
   */
  async list(): Promise<WorkspaceEntry[]> {
    const entries: WorkspaceEntry[] = [];
    const walk = (fd: number, folder: string, depth: number): void => {
      if (depth > LIMITS.maxPathDepth || entries.length >= MAX_LISTED_ENTRIES) return;
      let names: string[];
      try {
        names = readdirSync(`/proc/self/fd/${fd}`);
      } catch {
        return;
      }
      names.sort();
      for (const name of names) {
        if (entries.length >= MAX_LISTED_ENTRIES) return;
        const stat = lstatAt(fd, name);
        if (!stat) continue;
        const path = folder ? `${folder}/${name}` : name;
        const kind = kindOf(stat);
        if (kind === 'folder' && IGNORED_FOLDERS.has(name)) continue;
        entries.push({ path, kind, size: kind === 'file' ? stat.size : 0, mtimeMs: stat.mtimeMs });
        if (kind !== 'folder') continue;
        let child: number | null;
        try {
          child = openFolderAt(fd, [name]);
        } catch {
          // Swapped for a symlink since the lstat: not entered.
          continue;
        }
        if (child === null) continue;
        try {
          walk(child, path, depth + 1);
        } finally {
          closeSync(child);
        }
      }
    };
    const rootFd = openRootFolder(this.root);
    try {
      walk(rootFd, '', 1);
    } finally {
      closeSync(rootFd);
    }
    return entries;
  }
}

/** Prefix of the temporary files `write` makes; the mirror never imports them. */
export const TEMPORARY_PREFIX = '.tandem-write.';

/** How long `write` waits for a shell write to the old file that began before the rename. */
export const CONCURRENT_GRACE_MS = 5;

/**
 * Longest `write` waits while a process holds the replaced file open; one
 * that holds it longer (`exec 3>>file`, a logger) writes into a file that
 * is gone (decision 006).
 */
export const HOLDER_WAIT_MS = 250;

/** The file at `name` opened read-only, null when there is none; BAD_PATH for anything but a file. */
function openExisting(parent: number, name: string, normal: string): number | null {
  let fd: number;
  try {
    fd = openSync(at(parent, name), READ_FLAGS);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null;
    if (isCode(error, 'ELOOP')) {
      throw new BridgeError('BAD_PATH', `${normal} is a symlink; it is left alone.`);
    }
    if (isCode(error, 'ENXIO')) {
      throw new BridgeError('BAD_PATH', `${normal} is a special file; it is left alone.`);
    }
    throw error;
  }
  const stat = fstatSync(fd);
  if (stat.isFile()) return fd;
  closeSync(fd);
  if (stat.isDirectory()) throw new BridgeError('BAD_PATH', `${normal} is a folder, not a file.`);
  throw new BridgeError('BAD_PATH', `${normal} is a special file; it is left alone.`);
}

/** A new, empty file under a random name nobody can have made first (O_EXCL, no symlink followed). */
function createTemporary(parent: number): { fd: number; temporary: string } {
  for (let attempt = 0; ; attempt++) {
    const temporary = `${TEMPORARY_PREFIX}${randomBytes(8).toString('hex')}`;
    try {
      return { fd: openSync(at(parent, temporary), TEMPORARY_FLAGS, 0o600), temporary };
    } catch (error) {
      if (!isCode(error, 'EEXIST') || attempt >= 3) throw error;
    }
  }
}

function unlinkQuietly(parent: number, name: string): void {
  try {
    unlinkSync(at(parent, name));
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
  }
}

/** Everything from offset 0 of an open file, at most `maxBytes`. */
function readAll(fd: number, maxBytes: number): Uint8Array {
  const buffer = Buffer.allocUnsafe(Math.min(maxBytes, Math.max(fstatSync(fd).size, 4096)));
  let length = 0;
  while (length < buffer.length) {
    const read = readSync(fd, buffer, length, buffer.length - length, length);
    if (read === 0) break;
    length += read;
  }
  return new Uint8Array(buffer.subarray(0, length));
}

function tooLarge(path: string, maxBytes: number): BridgeError {
  return new BridgeError(
    'TOO_LARGE',
    `${path} is larger than ${Math.round(maxBytes / 1024)} KiB; it was not read.`,
  );
}
