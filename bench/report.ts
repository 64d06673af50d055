import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One row of a benchmark table: a label and named measurements. */
export type BenchRow = Record<string, string | number>;

export interface BenchReport {
  name: string;
  /** What was run, for the JSON record (sizes, rates, machine). */
  parameters: Record<string, unknown>;
  rows: BenchRow[];
  notes?: string[];
}

/** Percentile (0–100) of a list of numbers, by nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Rounds for display: 3 significant decimals below 10, 1 above. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  return Math.abs(value) < 10 ? Math.round(value * 1000) / 1000 : Math.round(value * 10) / 10;
}

/** Prints the rows as a table and writes bench/results/<name>-<time>.json. */
export function writeReport(report: BenchReport, folder = 'bench/results'): string {
  const columns = [...new Set(report.rows.flatMap((row) => Object.keys(row)))];
  const cells = report.rows.map((row) =>
    columns.map((column) => {
      const value = row[column];
      return typeof value === 'number' ? String(round(value)) : (value ?? '');
    }),
  );
  const widths = columns.map((column, i) =>
    Math.max(column.length, ...cells.map((row) => row[i]!.length)),
  );
  const line = (values: string[]) => values.map((value, i) => value.padEnd(widths[i]!)).join('  ');
  const output = [
    `\n${report.name}`,
    line(columns),
    line(widths.map((width) => '-'.repeat(width))),
    ...cells.map(line),
    ...(report.notes ?? []).map((note) => `  ${note}`),
    '',
  ];
  process.stdout.write(`${output.join('\n')}\n`);
  mkdirSync(folder, { recursive: true });
  const file = join(
    folder,
    `${report.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(
    file,
    JSON.stringify({ ...report, node: process.version, at: new Date().toISOString() }, null, 2),
  );
  process.stdout.write(`wrote ${file}\n`);
  return file;
}
