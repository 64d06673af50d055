import { useEffect, useState } from 'react';
import type { ReplayEditorController } from '../../editor/replay-api.ts';
import type { Frame } from '../../replay/view-messages.ts';
import type { ReplayClient } from './replay-client.ts';

/** What the page shows of a frame besides the editor (which gets the text directly). */
export type FrameSummary = Omit<Frame, 'file'> & { path: string | null };

export interface FrameOptions {
  step: number;
  /** The file the reviewer opened. */
  path: string | null;
  follow: boolean;
  provenance: boolean;
  /** Scroll to the newest edit (playback). */
  reveal: boolean;
  recentMs: number;
}

/**
 * Keeps the editor on the current instant: asks the worker for the frame of
 * `step` whenever it or the options change, hands the file to the editor as
 * soon as it arrives and returns the rest for the panels.
 */
export function useReplayFrame(
  client: ReplayClient | null,
  controller: ReplayEditorController | null,
  options: FrameOptions,
): FrameSummary | null {
  const [summary, setSummary] = useState<FrameSummary | null>(null);
  const { step, path, follow, provenance, reveal, recentMs } = options;
  useEffect(() => {
    if (!client) return;
    client.frame(
      () => ({ step, path, follow, recentMs, have: controller?.versions() ?? {} }),
      (frame) => {
        const { file, ...rest } = frame;
        controller?.show(file ? { ...file, provenance, reveal } : null);
        setSummary({ ...rest, path: file?.path ?? null });
      },
    );
  }, [client, controller, step, path, follow, provenance, reveal, recentMs]);
  return summary;
}
