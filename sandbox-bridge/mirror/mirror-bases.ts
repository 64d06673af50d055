import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * What disk and document last agreed on, per file, kept where a restarted
 * bridge finds it: the base of the three-way merge after a crash (a bridge
 * killed with a disk change in flight used to rewrite the disk from the
 * document and lose the change).
 */
export interface MirrorBaseStore {
  /** Every stored base: path -> content (and what of the document it came with). */
  load(): Promise<Map<string, StoredBase>>;
  save(path: string, base: string, seen?: Uint8Array): Promise<void>;
  remove(path: string): Promise<void>;
}

export interface StoredBase {
  base: string;
  /**
   * The Yjs state vector of the document when the base was agreed. A bridge
   * taking over whose document does not cover it reads a document that is
   * behind the base (a collab-server lost updates before passing them on):
   * what the base has and that document lacks was never deleted by anyone.
   */
  seen?: Uint8Array;
}

/**
 * One small JSON file per mirrored path in a folder of the bridge's own data
 * dir (never the workspace), replaced atomically (write a temporary file,
 * rename it over), so a kill leaves either the old base or the new one.
 */
export class FolderBaseStore implements MirrorBaseStore {
  private readonly folder: string;
  private made: Promise<unknown> | null = null;
  private counter = 0;

  constructor(folder: string) {
    this.folder = folder;
  }

  async load(): Promise<Map<string, StoredBase>> {
    const bases = new Map<string, StoredBase>();
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch {
      return bases;
    }
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      try {
        const entry = JSON.parse(await readFile(join(this.folder, name), 'utf8')) as {
          path?: unknown;
          base?: unknown;
          seen?: unknown;
        };
        if (typeof entry.path === 'string' && typeof entry.base === 'string') {
          bases.set(entry.path, {
            base: entry.base,
            ...(typeof entry.seen === 'string' ? { seen: Buffer.from(entry.seen, 'base64') } : {}),
          });
        }
      } catch {
        // A torn temporary file never has the .json name; anything unreadable is skipped.
      }
    }
    return bases;
  }

  async save(path: string, base: string, seen?: Uint8Array): Promise<void> {
    this.made ??= mkdir(this.folder, { recursive: true, mode: 0o700 });
    await this.made;
    const target = this.fileOf(path);
    const temporary = `${target}.${process.pid}.${this.counter++}.tmp`;
    const entry = { path, base, ...(seen ? { seen: Buffer.from(seen).toString('base64') } : {}) };
    await writeFile(temporary, JSON.stringify(entry), { mode: 0o600 });
    await rename(temporary, target);
  }

  async remove(path: string): Promise<void> {
    await rm(this.fileOf(path), { force: true });
  }

  private fileOf(path: string): string {
    return join(
      this.folder,
      `${createHash('sha256').update(path).digest('hex').slice(0, 32)}.json`,
    );
  }
}
