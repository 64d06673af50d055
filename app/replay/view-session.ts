import { decodeHistory } from '../../protocol/history-format.ts';
import { buildReplayIndex } from './build-index.ts';
import type { ReplayIndex } from './replay-index.ts';
import { buildTimeline } from './timeline.ts';
import { diffBetween, frameAt, pasteMarks } from './view-frames.ts';
import type { DiffResult, Frame, FrameRequest, ReplayOverview } from './view-messages.ts';

/**
 * One opened history as the replay view uses it: the overview it gets once
 * (timeline, step times, pastes, timings) and answers for frames and diffs.
 * Runs in the replay worker (replay-worker.ts); plain functions, so tests run
 * it in Node.
 */
export class ReplayViewSession {
  readonly index: ReplayIndex;
  readonly overview: ReplayOverview;

  private constructor(index: ReplayIndex, overview: ReplayOverview) {
    this.index = index;
    this.overview = overview;
  }

  /** Decodes and indexes a history API body; throws HistoryFormatError or ReplayError. */
  static open(body: Uint8Array, fetchMs = 0): ReplayViewSession {
    let mark = performance.now();
    const lap = () => {
      const now = performance.now();
      const ms = now - mark;
      mark = now;
      return Math.round(ms * 10) / 10;
    };
    const history = decodeHistory(body);
    const decodeMs = lap();
    const index = buildReplayIndex(history);
    const indexMs = lap();
    const timeline = buildTimeline(index, history);
    const pastes = pasteMarks(index);
    const timelineMs = lap();
    const times = new Float64Array(index.stepCount + 1);
    for (let s = 0; s <= index.stepCount; s++) times[s] = index.timeOfStep(s);
    const tracks = index.allTracks();
    const firstFileStep = tracks.length > 0 ? Math.min(...tracks.map((t) => t.createdStep)) : 0;
    return new ReplayViewSession(index, {
      meta: history.meta,
      timeline,
      times,
      stepCount: index.stepCount,
      firstFileAt: Math.max(timeline.start, times[firstFileStep]!),
      pastes,
      timings: {
        fetchMs,
        bytes: body.byteLength,
        decodeMs,
        indexMs,
        timelineMs,
        updates: history.updates.length,
        events: history.events.length,
      },
    });
  }

  frame(request: FrameRequest): Frame {
    return frameAt(this.index, request);
  }

  diff(fromStep: number, toStep: number): DiffResult {
    const clamp = (s: number) => Math.max(0, Math.min(this.index.stepCount, Math.round(s)));
    return diffBetween(this.index, clamp(fromStep), clamp(toStep));
  }
}
