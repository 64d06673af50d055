import { useCallback, useEffect, useState } from 'react';
import { languageForPath } from '../../../protocol/problems.ts';
import type { ReplayEditorController } from '../../editor/replay-api.ts';
import type { DiffFile, DiffResult } from '../../replay/view-messages.ts';
import type { ReplayClient } from './replay-client.ts';
import { stepAtTime } from './replay-time.ts';

export interface Compare {
  a: number | null;
  b: number | null;
  result: DiffResult | null;
  loading: boolean;
  error: string | null;
  /** The file shown in the diff editor. */
  openFile: DiffFile | null;
  set(which: 'a' | 'b', at: number | null): void;
  open(file: DiffFile): void;
  close(): void;
}

/** The two instants of "compare", their per-file diff (from the worker) and the file shown. */
export function useCompare(
  client: ReplayClient,
  times: Float64Array,
  controller: ReplayEditorController | null,
): Compare {
  const [ends, setEnds] = useState<{ a: number | null; b: number | null }>({ a: null, b: null });
  const [result, setResult] = useState<DiffResult | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [openFile, setOpenFile] = useState<DiffFile | null>(null);

  useEffect(() => {
    const { a, b } = ends;
    setResult(null);
    setError(null);
    if (a === null || b === null) {
      setOpenFile(null);
      return;
    }
    let current = true;
    setLoading(true);
    client
      .diff(stepAtTime(times, Math.min(a, b)), stepAtTime(times, Math.max(a, b)))
      .then((diff) => {
        if (!current) return;
        setResult(diff);
        // The file shown from the previous comparison, as it is in this one.
        setOpenFile((shown) =>
          shown ? (diff.files.find((f) => f.path === shown.path) ?? null) : null,
        );
      })
      .catch((cause: unknown) => {
        if (current) setError(cause instanceof Error ? cause.message : 'The diff failed.');
      })
      .finally(() => {
        if (current) setLoading(false);
      });
    return () => {
      current = false;
    };
  }, [client, times, ends]);

  useEffect(() => {
    controller?.showDiff(
      openFile
        ? {
            path: openFile.path,
            language: languageForPath(openFile.path),
            before: openFile.before,
            after: openFile.after,
          }
        : null,
    );
  }, [controller, openFile]);

  const set = useCallback((which: 'a' | 'b', at: number | null) => {
    setEnds((current) => ({ ...current, [which]: at }));
  }, []);
  const close = useCallback(() => setOpenFile(null), []);
  return { ...ends, result, loading, error, openFile, set, open: setOpenFile, close };
}
