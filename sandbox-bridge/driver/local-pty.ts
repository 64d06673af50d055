import * as pty from 'node-pty';
import type { SandboxCommand } from './sandbox-command.ts';
import type { PtyOptions, PtyProcess } from './types.ts';

/** Starts a sandbox command (an interactive shell) on a node-pty pseudo-terminal. */
export function spawnSandboxPty(command: SandboxCommand, options: PtyOptions): PtyProcess {
  const child = pty.spawn(command.file, command.args, {
    name: 'xterm-256color',
    cols: options.cols,
    rows: options.rows,
    cwd: command.cwd,
    env: { ...command.env, TERM: 'xterm-256color', ...options.env },
  });
  let exited = false;
  child.onExit(() => {
    exited = true;
  });
  return {
    write: (data) => {
      if (!exited) child.write(data);
    },
    resize: (cols, rows) => {
      if (exited) return false;
      child.resize(Math.max(2, Math.min(cols, 500)), Math.max(1, Math.min(rows, 200)));
      return true;
    },
    onData: (listener) => {
      child.onData(listener);
    },
    onExit: (listener) => {
      child.onExit(({ exitCode }) => listener(exitCode));
    },
    kill: () => {
      if (exited) return;
      // SIGKILL: bubblewrap's --die-with-parent then takes the whole PID namespace down.
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}
