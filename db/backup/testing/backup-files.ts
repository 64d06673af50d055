import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

/** The lines of a backup file, decompressed (for tests that damage or inspect one). */
export function readBackupLines(file: string): string[] {
  return gunzipSync(readFileSync(file)).toString('utf8').split('\n').slice(0, -1);
}

/** Writes lines as a backup file, compressed like the real thing. */
export function writeBackupLines(file: string, lines: string[]): void {
  writeFileSync(file, gzipSync(`${lines.join('\n')}\n`));
}

/** Copies a backup with its lines changed by `edit`. */
export function rewriteBackup(from: string, to: string, edit: (lines: string[]) => string[]): void {
  writeBackupLines(to, edit(readBackupLines(from)));
}
