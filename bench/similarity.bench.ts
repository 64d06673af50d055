// `npm run bench -- similarity [--submissions 200] [--copies 5]`: similarity of
// every pair among N submissions of one problem (seed target: 200 under 2 s),
// beside the baseline a team would write first — every pair's k-gram sets
// compared directly, without winnowing or an index — and how many planted
// copies (renamed, reordered) each finds.
import { loadavg } from 'node:os';
import { pseudoRandom } from '../app/replay/fixtures/random.ts';
import { findSimilar, type Submission } from '../app/similarity/compare.ts';
import { comparedSimilarity } from '../app/similarity/compared.server.ts';
import { insertSubmission } from '../app/similarity/testing.ts';
import { tokenize } from '../app/similarity/tokens.ts';
import { openDatabase } from '../db/client.ts';
import { assessments, problems } from '../db/schema/index.ts';
import { createOrganization } from '../tests/support/fixtures.ts';
import { type BenchRow, writeReport } from './report.ts';

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(args[at + 1]);
}

const OPS = ['+', '-', '*', '%', '<', '>', '===', '&&', '||'];
const CALLS = ['push', 'pop', 'slice', 'map', 'filter', 'reduce', 'get', 'set', 'has', 'join'];

/** A program nobody else wrote: functions of random statements over random names. */
function randomProgram(random: () => number, functions: number): string {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const name = () => `v${Math.floor(random() * 1e6).toString(36)}`;
  const expression = (vars: string[]): string =>
    random() < 0.3
      ? `${pick(vars)}.${pick(CALLS)}(${pick(vars)})`
      : `${pick(vars)} ${pick(OPS)} ${random() < 0.5 ? pick(vars) : Math.floor(random() * 100)}`;
  const statement = (vars: string[], depth: number): string => {
    const roll = random();
    if (depth < 2 && roll < 0.2)
      return `for (let ${name()} = 0; ${pick(vars)} < ${pick(vars)}.length; ${pick(vars)}++) {\n${statement(vars, depth + 1)}\n}`;
    if (depth < 2 && roll < 0.4)
      return `if (${expression(vars)}) {\n${statement(vars, depth + 1)}\n} else {\n${statement(vars, depth + 1)}\n}`;
    if (roll < 0.7) {
      const fresh = name();
      vars.push(fresh);
      return `const ${fresh} = ${expression(vars)};`;
    }
    return `${pick(vars)} = ${expression(vars)};`;
  };
  return Array.from({ length: functions }, () => {
    const vars = [name(), name()];
    const body = Array.from({ length: 6 + Math.floor(random() * 6) }, () => statement(vars, 0));
    return `export function ${name()}(${vars[0]}: number[], ${vars[1]}: number) {\n${body.join('\n')}\nreturn ${pick(vars)};\n}\n`;
  }).join('\n');
}

/** The copier's disguise: every name renamed, the functions in reverse order. */
function disguise(source: string, random: () => number): string {
  const renamed = source.replace(
    /\bv[0-9a-z]+\b/g,
    (word) => `w${word.slice(1)}${Math.floor(random() * 9)}`,
  );
  return renamed.split('\nexport ').reverse().join('\nexport ');
}

/** The baseline: all k-grams of every file, every pair intersected. */
function baseline(submissions: Submission[], k = 12, threshold = 0.5) {
  const grams = submissions.map((s) => {
    const set = new Set<string>();
    for (const file of s.files) {
      const tokens = tokenize(file.path, file.text).map((t) => t.text);
      for (let i = 0; i + k <= tokens.length; i++) set.add(tokens.slice(i, i + k).join(' '));
    }
    return set;
  });
  const flagged: [string, string][] = [];
  for (let x = 0; x < grams.length; x++) {
    for (let y = x + 1; y < grams.length; y++) {
      let shared = 0;
      for (const gram of grams[x]!) if (grams[y]!.has(gram)) shared++;
      if (shared / Math.min(grams[x]!.size, grams[y]!.size) >= threshold)
        flagged.push([submissions[x]!.id, submissions[y]!.id]);
    }
  }
  return flagged;
}

export async function run(args: string[]): Promise<void> {
  const count = option(args, 'submissions', 200);
  const copies = option(args, 'copies', 5);
  const random = pseudoRandom(42);
  const submissions: Submission[] = Array.from({ length: count - copies }, (_, i) => ({
    id: `s${i}`,
    files: [{ path: 'solution.ts', text: randomProgram(random, 8) }],
  }));
  const planted = new Set<string>();
  for (let c = 0; c < copies; c++) {
    const source = submissions[c * 7]!;
    submissions.push({
      id: `copy-of-${source.id}`,
      files: [{ path: 'solution.ts', text: disguise(source.files[0]!.text, random) }],
    });
    planted.add([source.id, `copy-of-${source.id}`].sort().join('|'));
  }
  const lines = submissions.reduce((sum, s) => sum + s.files[0]!.text.split('\n').length, 0);

  const rows: BenchRow[] = [];
  const measure = async (
    label: string,
    find: () => [string, string][] | Promise<[string, string][]>,
    only?: Set<string>,
  ) => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const pairs = await find();
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const expected = only ? new Set([...planted].filter((key) => only.has(key))) : planted;
    const keys = pairs.map(([a, b]) => [a, b].sort().join('|'));
    const found = [...expected].filter((key) => keys.includes(key)).length;
    rows.push({
      method: label,
      submissions: count,
      ms,
      'CPU ms': (used.user + used.system) / 1000,
      'copies found': `${found}/${expected.size}`,
      'false flags': keys.filter((key) => !planted.has(key)).length,
    });
  };
  await measure('winnowing + index (Tandem)', () =>
    findSimilar(submissions)
      .filter((p) => p.flagged)
      .map((p) => [p.a, p.b]),
  );
  await measure('all k-grams, every pair (baseline)', () => baseline(submissions));

  // The comparison page (issue 19): 4 candidates, scored among all 200
  // handed-in submissions read from the database (PGlite in memory).
  const handle = await openDatabase({ dataDir: 'memory://' });
  try {
    const { organization } = await createOrganization(handle.db, 'Bench');
    const [problem] = await handle.db
      .insert(problems)
      .values({
        organizationId: organization.id,
        title: 'Bench problem',
        description: 'x',
        difficulty: 'MEDIUM',
        language: 'typescript',
        starterFiles: [],
        visibleTests: [],
      })
      .returning();
    const [assessment] = await handle.db
      .insert(assessments)
      .values({ organizationId: organization.id, title: 'Bench', durationMinutes: 45 })
      .returning();
    const candidateOf = new Map<string, string>();
    for (const submission of submissions) {
      const id = await insertSubmission(handle.db, {
        organizationId: organization.id,
        assessmentId: assessment!.id,
        problemId: problem!.id,
        name: submission.id,
        given: [],
        written: submission.files,
      });
      candidateOf.set(id, submission.id);
    }
    const byName = new Map([...candidateOf].map(([id, name]) => [name, id]));
    const chosen = ['s0', 'copy-of-s0', 's7', 'copy-of-s7'];
    const pairsOf = async () =>
      (
        await comparedSimilarity(
          handle.db,
          organization.id,
          chosen.map((name) => byName.get(name)!),
        )
      ).pairs
        .filter((pair) => pair.flagged)
        .map((pair): [string, string] => [
          candidateOf.get(pair.a.candidateId)!,
          candidateOf.get(pair.b.candidateId)!,
        ]);
    const within = new Set(['copy-of-s0|s0', 'copy-of-s7|s7']);
    await measure('comparison page, 4 of 200 from PGlite (cold)', pairsOf, within);
    await measure('comparison page, 4 of 200 from PGlite (files cached)', pairsOf, within);
  } finally {
    await handle.close();
  }
  writeReport({
    name: 'similarity',
    parameters: { submissions: count, copies, averageLines: Math.round(lines / count) },
    rows,
    notes: [
      'target (seed): 200 submissions compared under 2 s',
      'comparison rows: the 6 pairs of 4 candidates, scored among all 200 (files read and decoded from the database; cold = first read in this process)',
      `load average at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    ],
  });
}
