import type { Comparison, Json } from '../../protocol/grading.ts';

/** Default `float` tolerance. */
const DEFAULT_TOLERANCE = 1e-9;

/**
 * Whether what the candidate's code returned matches the expected value.
 * Runs in the bridge, on a value parsed from the driver's output: nothing the
 * candidate's process does can change how it is compared.
 */
export function matches(expected: Json, produced: unknown, comparison: Comparison): boolean {
  if (comparison.mode === 'unordered') {
    if (!Array.isArray(expected) || !Array.isArray(produced)) {
      return equal(expected, produced, DEFAULT_TOLERANCE, false);
    }
    if (expected.length !== produced.length) return false;
    const left = [...produced];
    return expected.every((item) => {
      const at = left.findIndex((candidate) => equal(item, candidate, 0, false));
      if (at < 0) return false;
      left.splice(at, 1);
      return true;
    });
  }
  return equal(
    expected,
    produced,
    comparison.tolerance ?? DEFAULT_TOLERANCE,
    comparison.mode === 'float',
  );
}

function equal(
  expected: Json,
  produced: unknown,
  tolerance: number,
  approximate: boolean,
): boolean {
  if (typeof expected === 'number') {
    if (typeof produced !== 'number') return false;
    if (!approximate) return Object.is(expected, produced) || expected === produced;
    const difference = Math.abs(expected - produced);
    return difference <= tolerance || difference <= tolerance * Math.abs(expected);
  }
  if (expected === null || typeof expected !== 'object') return expected === produced;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(produced) &&
      produced.length === expected.length &&
      expected.every((item, index) => equal(item, produced[index], tolerance, approximate))
    );
  }
  if (produced === null || typeof produced !== 'object' || Array.isArray(produced)) return false;
  const keys = Object.keys(expected);
  const record = produced as Record<string, unknown>;
  return (
    keys.length === Object.keys(record).length &&
    keys.every(
      (key) =>
        Object.hasOwn(record, key) && equal(expected[key]!, record[key], tolerance, approximate),
    )
  );
}

/** A short JSON rendering of a value for a failure message. */
export function preview(value: unknown, limit = 200): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? 'undefined';
  } catch {
    text = String(value);
  }
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}
