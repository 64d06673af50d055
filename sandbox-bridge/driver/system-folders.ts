import { lstatSync, readlinkSync } from 'node:fs';

const TOP_LEVEL = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/**
 * bubblewrap arguments that show the system's programs and libraries read-only:
 * /usr, and /bin, /lib… as the symlinks into /usr they are on merged-/usr
 * systems, or as read-only binds where they are real folders.
 */
export function systemFolderArgs(): string[] {
  const args: string[] = ['--ro-bind', '/usr', '/usr'];
  for (const path of TOP_LEVEL) {
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(path);
    } catch {
      continue;
    }
    if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(path), path);
    else if (stat.isDirectory()) args.push('--ro-bind', path, path);
  }
  return args;
}
