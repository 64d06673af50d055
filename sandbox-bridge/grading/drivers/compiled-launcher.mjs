// Runs inside the sandbox for a compiled language: writes the generated
// driver into a private folder of this process's own /tmp (never the
// workspace), compiles it with the candidate's code, and runs it with the
// calls on its stdin. A compile error is the module failing to load: it is
// reported as a fatal frame carrying the compiler's output (file and line).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

// The generated files and commands name the workspace by a placeholder: it is where this runs.
const job = JSON.parse(readFileSync(0, 'utf8').replaceAll('@@WORKSPACE@@', process.cwd()));
const marker = `\u001e${job.nonce} `;
const dir = mkdtempSync('/tmp/tandem-driver-');
for (const file of job.files) {
  mkdirSync(dirname(join(dir, file.path)), { recursive: true });
  writeFileSync(join(dir, file.path), file.content);
}
const env = { ...process.env, ...job.env };
const started = performance.now();
const compiled = spawnSync(job.compile[0], job.compile.slice(1), {
  cwd: dir,
  env,
  encoding: 'utf8',
  maxBuffer: 4 * 1024 * 1024,
});
if (compiled.status !== 0) {
  const output =
    `${compiled.stdout ?? ''}${compiled.stderr ?? ''}`.trim() ||
    String(compiled.error ?? compiled.signal);
  writeSync(
    1,
    `\n${marker}${JSON.stringify({ fatal: `Compilation failed:\n${output.slice(0, 1800)}` })}\n`,
  );
  process.exit(1);
}
process.stderr.write(`tandem: compiled in ${Math.round(performance.now() - started)} ms\n`);
const child = spawn(job.run[0], job.run.slice(1), {
  cwd: dir,
  env,
  stdio: ['pipe', 'inherit', 'inherit'],
});
child.stdin.on('error', () => {});
child.stdin.end(job.input);
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  process.exit(code ?? 1);
});
