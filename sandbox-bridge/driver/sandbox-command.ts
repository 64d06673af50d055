import { dirname, join } from 'node:path';
import type { HostRuntime } from './host-runtime.ts';
import { nodeHeapMegabytes, prlimitArgs } from './limits.ts';
import { systemFolderArgs } from './system-folders.ts';
import type { ResourceLimits } from './types.ts';

/** Where the workspace appears inside a bubblewrap sandbox. */
export const SANDBOX_WORKSPACE = '/workspace';
/** Where the machine's shared build caches appear, read-only, inside a bubblewrap sandbox. */
export const SANDBOX_SHARED_BUILD_CACHE = '/opt/tandem-build-cache';
/** The user id the candidate sees inside a non-root bubblewrap sandbox. */
const INNER_UID = 1000;

export interface SandboxCommandInput {
  runtime: HostRuntime;
  /** The workspace folder on the host. */
  workspace: string;
  /** A per-sandbox folder outside the workspace for HOME and /etc/passwd (not isolated: HOME). */
  privateDir: string;
  /** The unprivileged user the sandbox runs as when the bridge is root. */
  uid: number;
  limits: ResourceLimits;
  command: string[];
  /** Working folder relative to the workspace. */
  cwd?: string;
  env?: Record<string, string>;
  /** Interactive shells keep the controlling terminal; other runs get a new session. */
  interactive: boolean;
  /** cgroup.procs files the process joins before anything of the sandbox starts. */
  cgroupProcs?: string[];
  /**
   * The machine's shared build caches (decision 023), a host folder shown
   * read-only; the runner finds it through TANDEM_SHARED_BUILD_CACHE.
   */
  sharedBuildCache?: string | null;
}

export interface SandboxCommand {
  file: string;
  args: string[];
  cwd: string;
  /** The whole environment: nothing of the bridge's (secrets) leaks in. */
  env: Record<string, string>;
}

// System folders every sandbox sees read-only. /etc is not bound whole: it can
// hold host secrets; only what programs need to start is.
const ETC_FILES = [
  '/etc/alternatives',
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  '/etc/ssl',
  '/etc/localtime',
  '/etc/hosts',
  '/etc/nsswitch.conf',
  '/etc/terminfo',
  '/etc/inputrc',
  '/etc/bash.bashrc',
  // The JDK's configuration (java.security, jvm.cfg): /usr/lib/jvm/*/conf links here.
  '/etc/java-17-openjdk',
];
/** bubblewrap creates missing parents as 0700; make them traversable by the sandbox user. */
function withParents(hostPath: string, sandboxPath: string, made: Set<string>): string[] {
  const args: string[] = [];
  const parents: string[] = [];
  for (let dir = dirname(sandboxPath); dir !== '/' && dir !== '.'; dir = dirname(dir)) {
    parents.unshift(dir);
  }
  for (const dir of parents) {
    if (made.has(dir) || dir === '/usr' || dir.startsWith('/usr/')) continue;
    made.add(dir);
    args.push('--perms', '0755', '--dir', dir);
  }
  args.push('--ro-bind', hostPath, sandboxPath);
  return args;
}

function sandboxEnv(
  input: SandboxCommandInput,
  home: string,
  sharedBuildCache: string | null,
): Record<string, string> {
  const { runtime } = input;
  const path = [
    runtime.nodeBinDir,
    ...(runtime.python ? [dirname(runtime.python.executable)] : []),
    '/usr/local/bin',
    '/usr/bin',
    '/bin',
  ].join(':');
  return {
    PATH: path,
    HOME: home,
    USER: 'candidate',
    LOGNAME: 'candidate',
    LANG: 'C.UTF-8',
    SHELL: runtime.shell,
    NODE_OPTIONS: `--max-old-space-size=${nodeHeapMegabytes(input.limits)}`,
    // Bytecode caches would show up in the workspace (and the editor) as noise.
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
    ...(sharedBuildCache ? { TANDEM_SHARED_BUILD_CACHE: sharedBuildCache } : {}),
    ...input.env,
  };
}

/**
 * The command line that runs `command` in the sandbox: bubblewrap (no network,
 * own PID/IPC/UTS namespaces, read-only system, private /tmp, only this
 * workspace writable) when available, then prlimit, then — when the bridge is
 * root — setpriv to the sandbox's own user, so the process limit counts only
 * this sandbox's processes and root's files stay unreadable.
 */
export function buildSandboxCommand(input: SandboxCommandInput): SandboxCommand {
  const { runtime } = input;
  const limited = [runtime.prlimit, ...prlimitArgs(input.limits), '--'];
  const dropRoot =
    runtime.root && runtime.setpriv
      ? [
          runtime.setpriv,
          `--reuid=${input.uid}`,
          `--regid=${input.uid}`,
          '--clear-groups',
          '--no-new-privs',
          '--bounding-set=-all',
          '--inh-caps=-all',
          '--',
        ]
      : [];
  const tail = [...limited, ...dropRoot, ...input.command];

  if (!runtime.bwrap) {
    const cwd = input.cwd ? join(input.workspace, input.cwd) : input.workspace;
    return joinCgroups(
      {
        file: tail[0]!,
        args: tail.slice(1),
        cwd,
        // Unisolated: the host folder itself, protected by its owner (root) only.
        env: sandboxEnv(input, join(input.privateDir, 'home'), input.sharedBuildCache ?? null),
      },
      input.cgroupProcs,
    );
  }

  const made = new Set<string>();
  const args: string[] = [
    '--unshare-pid',
    '--unshare-net',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--hostname',
    'sandbox',
    '--die-with-parent',
    ...(runtime.root
      ? []
      : ['--unshare-user', '--uid', String(INNER_UID), '--gid', String(INNER_UID)]),
    ...(input.interactive ? [] : ['--new-session']),
    ...systemFolderArgs(),
  ];
  args.push('--perms', '0755', '--dir', '/etc');
  for (const file of ETC_FILES) args.push('--ro-bind-try', file, file);
  args.push('--ro-bind', join(input.privateDir, 'passwd'), '/etc/passwd');
  args.push('--ro-bind', join(input.privateDir, 'group'), '/etc/group');
  // /tmp is HOME: writable by the sandbox user (1777) and sized, so files there count.
  args.push('--proc', '/proc', '--dev', '/dev');
  args.push('--perms', '1777', '--size', String(input.limits.tmpBytes), '--tmpfs', '/tmp');
  if (!runtime.nodeBinDir.startsWith('/usr/')) {
    args.push(...withParents(runtime.nodeBinDir, runtime.nodeBinDir, made));
  }
  if (runtime.python && !runtime.python.prefix.startsWith('/usr')) {
    args.push(...withParents(runtime.python.prefix, runtime.python.prefix, made));
  }
  if (input.sharedBuildCache) {
    args.push(...withParents(input.sharedBuildCache, SANDBOX_SHARED_BUILD_CACHE, made));
  }
  args.push('--bind', input.workspace, SANDBOX_WORKSPACE);
  args.push('--chdir', input.cwd ? `${SANDBOX_WORKSPACE}/${input.cwd}` : SANDBOX_WORKSPACE);
  args.push('--', ...tail);
  return joinCgroups(
    {
      file: runtime.bwrap,
      args,
      cwd: input.workspace,
      env: sandboxEnv(input, '/tmp', input.sharedBuildCache ? SANDBOX_SHARED_BUILD_CACHE : null),
    },
    input.cgroupProcs,
  );
}

/**
 * Runs the command from a shell that first moves itself into the sandbox's
 * cgroups (as the bridge's user, before bubblewrap and the uid drop), so
 * every process of the sandbox is counted from its first instruction.
 */
function joinCgroups(command: SandboxCommand, procs: string[] | undefined): SandboxCommand {
  if (!procs?.length) return command;
  const script =
    'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"';
  return {
    ...command,
    file: '/bin/sh',
    args: ['-c', script, 'sh', ...procs, '--', command.file, ...command.args],
  };
}

/** The user a sandbox's /etc/passwd names, so shells show a name instead of "I have no name!". */
export function passwdFiles(uid: number, home: string): { passwd: string; group: string } {
  return {
    passwd: `root:x:0:0:root:/root:/usr/sbin/nologin\ncandidate:x:${uid}:${uid}:candidate:${home}:/bin/bash\n`,
    group: `root:x:0:\ncandidate:x:${uid}:\n`,
  };
}

/** The uid a sandbox's processes see: their own when root dropped to them, 1000 in a user namespace. */
export function visibleUid(runtime: HostRuntime, uid: number): number {
  if (runtime.root) return uid;
  return runtime.bwrap ? INNER_UID : (process.getuid?.() ?? INNER_UID);
}
