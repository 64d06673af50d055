import type { StoredCitation } from '../../db/schema/reviews.ts';

/** One scored dimension as the review section shows it. */
export interface ReviewDimensionView {
  key: string;
  label: string;
  modelScore: number;
  reasoning: string;
  citations: StoredCitation[];
  dropped: StoredCitation[];
  support: 'supported' | 'less-supported' | 'unsupported';
  decision: 'pending' | 'accepted' | 'changed' | 'rejected';
  finalScore: number | null;
  note: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

/** The review section's data; shared by the loader and the component. */
export type ReviewSectionData =
  | { enabled: boolean; status: 'none' }
  | {
      enabled: boolean;
      status: 'queued' | 'running' | 'failed';
      attempts: number;
      error: string | null;
    }
  | {
      enabled: boolean;
      status: 'done';
      attempts: number;
      error: string | null;
      summary: string;
      model: string;
      inputTokens: number;
      outputTokens: number;
      costUsd: number;
      latencyMs: number | null;
      completedAt: string | null;
      /** The rubric the review was made with (its snapshot; later edits do not change it). */
      rubric: Array<{ key: string; label: string; guidance: string; weight: number }>;
      /** Weighted mean of the scores that count (see weightedScore), or null. */
      weightedScore: number | null;
      dimensions: ReviewDimensionView[];
    };
