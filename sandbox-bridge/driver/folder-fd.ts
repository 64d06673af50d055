import {
  closeSync,
  constants,
  fchownSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmdirSync,
  type Stats,
  unlinkSync,
} from 'node:fs';
import { BridgeError } from '../errors.ts';

// fd-relative file access for trees a sandbox controls. Node has no openat(),
// but /proc/self/fd/N is a link to the very folder fd N holds (wherever it has
// been renamed to since), and only the single name after it is looked up by
// the kernel. Every name is opened with O_NOFOLLOW, so a candidate who swaps a
// folder for a symlink between two system calls (renameat2 RENAME_EXCHANGE)
// gets ELOOP instead of steering a root process to the host's files.

const FOLDER_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/** What sits at a name, never following it. */
export type EntryKind = 'file' | 'folder' | 'symlink' | 'special';

/** The path that names `name` inside the folder open as `fd` (one component, no slash). */
export function at(fd: number, name: string): string {
  if (name === '' || name === '.' || name === '..' || name.includes('/')) {
    throw new BridgeError('BAD_PATH', `${JSON.stringify(name)} is not a file name.`);
  }
  return `/proc/self/fd/${fd}/${name}`;
}

/** The kind of an lstat result. */
export function kindOf(stat: Stats): EntryKind {
  if (stat.isFile()) return 'file';
  if (stat.isDirectory()) return 'folder';
  if (stat.isSymbolicLink()) return 'symlink';
  return 'special';
}

/** lstat of a name in a folder fd, or null when nothing is there. */
export function lstatAt(fd: number, name: string): Stats | null {
  try {
    return lstatSync(at(fd, name));
  } catch (error) {
    if (isCode(error, 'ENOENT', 'ENOTDIR')) return null;
    throw error;
  }
}

/** Opens a folder the bridge itself made (a sandbox's root); it must not be a symlink either. */
export function openRootFolder(path: string): number {
  return openSync(path, FOLDER_FLAGS);
}

export interface WalkOptions {
  /** Makes missing folders (0755, handed to `owner`). */
  create?: boolean;
  owner?: { uid: number; gid: number } | null;
}

/**
 * Opens the folder `parts` below `rootFd`, one name at a time with
 * O_NOFOLLOW. Returns null when a folder is missing (and `create` is off);
 * throws BAD_PATH when a name is a symlink or not a folder. The caller closes
 * the returned fd (never `rootFd` itself, which may be returned as is).
 */
export function openFolderAt(
  rootFd: number,
  parts: string[],
  options: WalkOptions = {},
): number | null {
  let fd = rootFd;
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i]!;
    let next: number;
    try {
      next = openSync(at(fd, name), FOLDER_FLAGS);
    } catch (error) {
      if (isCode(error, 'ENOENT') && options.create) {
        next = makeFolderAt(fd, name, options.owner ?? null);
      } else {
        if (fd !== rootFd) closeSync(fd);
        if (isCode(error, 'ENOENT')) return null;
        if (isCode(error, 'ELOOP', 'ENOTDIR')) {
          throw new BridgeError(
            'BAD_PATH',
            `${parts.slice(0, i + 1).join('/')} is not a folder (a symlink or a file), so it cannot be used.`,
          );
        }
        throw error;
      }
    }
    if (fd !== rootFd) closeSync(fd);
    fd = next;
  }
  return fd;
}

/** mkdir in a folder fd (mkdir never follows a symlink at the name) and opens what it made. */
function makeFolderAt(
  fd: number,
  name: string,
  owner: { uid: number; gid: number } | null,
): number {
  try {
    mkdirSync(at(fd, name), { mode: 0o755 });
  } catch (error) {
    // Someone made it meanwhile: opening it below says what it is.
    if (!isCode(error, 'EEXIST')) throw error;
  }
  const made = openSync(at(fd, name), FOLDER_FLAGS);
  if (owner) fchownSync(made, owner.uid, owner.gid);
  return made;
}

/** Whether a file descriptor is open on a regular file. */
export function isRegularFile(fd: number): boolean {
  return fstatSync(fd).isFile();
}

/**
 * Removes everything below the folder open as `fd`, never following a
 * symlink: folders are entered only through O_NOFOLLOW opens, every other
 * kind is unlinked as the entry it is.
 */
export function emptyFolderAt(fd: number, depth = 0): void {
  if (depth > 256) throw new BridgeError('BAD_PATH', 'The folder tree is too deep to remove.');
  // A process still running in the sandbox may add entries meanwhile; a few passes settle it.
  for (let pass = 0; pass < 5; pass++) {
    const names = readdirSync(`/proc/self/fd/${fd}`);
    if (names.length === 0) return;
    for (const name of names) {
      const stat = lstatAt(fd, name);
      if (!stat) continue;
      if (stat.isDirectory()) {
        let child: number;
        try {
          child = openSync(at(fd, name), FOLDER_FLAGS);
        } catch (error) {
          if (isCode(error, 'ENOENT', 'ELOOP', 'ENOTDIR')) continue;
          throw error;
        }
        try {
          emptyFolderAt(child, depth + 1);
        } finally {
          closeSync(child);
        }
        try {
          rmdirSync(at(fd, name));
        } catch (error) {
          if (!isCode(error, 'ENOENT', 'ENOTDIR', 'ENOTEMPTY')) throw error;
        }
      } else {
        try {
          unlinkSync(at(fd, name));
        } catch (error) {
          if (!isCode(error, 'ENOENT', 'EISDIR')) throw error;
        }
      }
    }
  }
}

/** Whether an error is a Node system error with one of these codes. */
export function isCode(error: unknown, ...codes: string[]): boolean {
  return codes.includes((error as NodeJS.ErrnoException)?.code ?? '');
}

/**
 * Disk used below the folder open as `fd` (allocated blocks, hard links
 * counted once), never following a symlink. Stops counting once past
 * `stopAbove` bytes or `maxEntries` entries (a tree that large is over any
 * quota; Infinity is returned for too many entries).
 */
export function usedBytesAt(fd: number, stopAbove: number, maxEntries = 200_000): number {
  const seen = new Set<number>();
  let bytes = 0;
  let entries = 0;
  const walk = (folder: number, depth: number): void => {
    if (depth > 256) return;
    let names: string[];
    try {
      names = readdirSync(`/proc/self/fd/${folder}`);
    } catch {
      return;
    }
    for (const name of names) {
      if (bytes > stopAbove) return;
      if (++entries > maxEntries) {
        bytes = Number.POSITIVE_INFINITY;
        return;
      }
      let stat: Stats | null;
      try {
        stat = lstatAt(folder, name);
      } catch {
        continue;
      }
      if (!stat) continue;
      if (stat.nlink > 1 && !stat.isDirectory()) {
        if (seen.has(stat.ino)) continue;
        seen.add(stat.ino);
      }
      bytes += stat.blocks * 512;
      if (!stat.isDirectory()) continue;
      let child: number;
      try {
        child = openSync(at(folder, name), FOLDER_FLAGS);
      } catch {
        // Gone, or swapped for a symlink since the lstat: not entered.
        continue;
      }
      try {
        walk(child, depth + 1);
      } finally {
        closeSync(child);
      }
    }
  };
  walk(fd, 0);
  return bytes;
}
