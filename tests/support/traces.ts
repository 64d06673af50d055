import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** One transaction of a real editing trace: patches applied in order. */
export interface TraceTransaction {
  /** Milliseconds since the epoch when recorded, when the trace has times. */
  time: number | null;
  patches: Array<[position: number, deleteCount: number, insert: string]>;
}

export interface EditingTrace {
  startContent: string;
  endContent: string;
  txns: TraceTransaction[];
}

/** The folder with the traces (../shared/data/editing-traces from the repository). */
export const TRACES_DIR =
  process.env.TANDEM_TRACES_DIR ?? join(import.meta.dirname, '../../../shared/data/editing-traces');

/**
 * The tests' trace (sveltecomponent, 138 KB) is kept in the repository so a
 * clone anywhere can run them; the benchmarks' B4 trace (900 KB) is read from
 * TRACES_DIR.
 */
const VENDORED_DIR = join(import.meta.dirname, '../fixtures/editing-traces');

function tracePath(name: string): string {
  const file = `${name}.json.gz`;
  if (process.env.TANDEM_TRACES_DIR) return join(TRACES_DIR, file);
  const vendored = join(VENDORED_DIR, file);
  return existsSync(vendored) ? vendored : join(TRACES_DIR, file);
}

/**
 * Loads `automerge-paper` or `sveltecomponent`. Positions count Unicode code
 * points; patches inside a transaction apply one after another.
 */
export function loadTrace(name: 'automerge-paper' | 'sveltecomponent'): EditingTrace {
  const raw = JSON.parse(gunzipSync(readFileSync(tracePath(name))).toString()) as {
    startContent: string;
    endContent: string;
    txns: Array<{ time?: string; timestamp?: string; patches: TraceTransaction['patches'] }>;
  };
  return {
    startContent: raw.startContent,
    endContent: raw.endContent,
    txns: raw.txns.map((txn) => {
      const stamp = txn.time ?? txn.timestamp;
      return { time: stamp ? Date.parse(stamp) : null, patches: txn.patches };
    }),
  };
}
