export type ReplayErrorCode =
  /** The update log has a gap, or starts late without a checkpoint to start from. */
  | 'REPLAY_HISTORY_INCOMPLETE'
  /** Yjs could not apply an update of the log. */
  | 'REPLAY_UPDATE_INVALID';

/** The history cannot be replayed; `code` says why, the message names the update. */
export class ReplayError extends Error {
  readonly code: ReplayErrorCode;
  constructor(code: ReplayErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReplayError';
    this.code = code;
  }
}
