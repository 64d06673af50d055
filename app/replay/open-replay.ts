import { decodeHistory, type HistoryMeta } from '../../protocol/history-format.ts';
import { buildReplayIndex, type ReplayOptions } from './build-index.ts';
import type { ReplayIndex } from './replay-index.ts';
import { buildTimeline, type Timeline, type TimelineOptions } from './timeline.ts';

/** A loaded replay: the index for states, diffs and provenance, and the timeline. */
export interface Replay {
  meta: HistoryMeta;
  index: ReplayIndex;
  timeline: Timeline;
}

/**
 * Opens a history API body: decodes it (HistoryFormatError on malformed
 * bytes), indexes it (ReplayError on an incomplete log) and builds the
 * timeline. The update bytes are not kept once indexed.
 */
export function openReplay(
  body: Uint8Array,
  options: ReplayOptions & TimelineOptions = {},
): Replay {
  const history = decodeHistory(body);
  const index = buildReplayIndex(history, options);
  return { meta: history.meta, index, timeline: buildTimeline(index, history, options) };
}
