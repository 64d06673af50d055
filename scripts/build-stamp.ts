// What `npm start` checks before serving a build: a stamp written after every
// build step succeeded, holding a hash of the build's inputs. A build that
// stopped half-way (Ctrl+C, a compile error) leaves no stamp, and a checkout
// whose sources changed since (git pull) no longer matches it: both rebuild.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BUILD_STAMP = 'build/stamp.json';

/** Folders and files whose content the app build depends on (tests excluded). */
const INPUTS = ['app', 'protocol', 'db', 'remix.config.js', 'package-lock.json'];

/** A hash of every build input under `root`, in a stable order. */
export function buildInputsHash(root: string): string {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    const path = join(root, input);
    if (!existsSync(path)) continue;
    const files = input.includes('.')
      ? [input]
      : readdirSync(path, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile() && !/\.test\.[jt]sx?$/.test(entry.name))
          .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
          .sort();
    for (const file of files) {
      hash
        .update(file)
        .update('\0')
        .update(readFileSync(join(root, file)))
        .update('\0');
    }
  }
  return hash.digest('hex');
}

/** True when a complete build of the current sources is in `root/build`. */
export function isBuildCurrent(root: string): boolean {
  try {
    const stamp = JSON.parse(readFileSync(join(root, BUILD_STAMP), 'utf8')) as { inputs?: string };
    return stamp.inputs === buildInputsHash(root);
  } catch {
    return false;
  }
}

/** Records that the build of the current sources is complete. */
export function writeBuildStamp(root: string): void {
  const stamp = { inputs: buildInputsHash(root), builtAt: new Date().toISOString() };
  writeFileSync(join(root, BUILD_STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
}
