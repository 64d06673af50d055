/** A candidate moves INVITED → IN_PROGRESS → COMPLETED, or to EXPIRED. */
export const CANDIDATE_STATUSES = ['INVITED', 'IN_PROGRESS', 'COMPLETED', 'EXPIRED'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

/** An interview session is ACTIVE (or PAUSED) until it is COMPLETED or EXPIRED. */
export const SESSION_STATUSES = ['ACTIVE', 'PAUSED', 'COMPLETED', 'EXPIRED'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** Only an open session accepts the candidate's edits. */
export function isSessionOpen(status: SessionStatus): boolean {
  return status === 'ACTIVE' || status === 'PAUSED';
}
