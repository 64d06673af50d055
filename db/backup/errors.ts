/** Why a backup or a restore stopped; callers switch on the code, people read the sentence. */
export type BackupErrorCode =
  | 'BACKUP_FILE_NOT_FOUND'
  | 'BACKUP_OUTPUT_EXISTS'
  | 'BACKUP_WRITE_FAILED'
  | 'BACKUP_NOT_A_BACKUP'
  | 'BACKUP_UNSUPPORTED_VERSION'
  | 'BACKUP_CORRUPT'
  | 'BACKUP_TRUNCATED'
  | 'BACKUP_UNSUPPORTED_SCHEMA'
  | 'BACKUP_SCHEMA_NEWER'
  | 'BACKUP_SCHEMA_OLDER'
  | 'BACKUP_SCHEMA_MISMATCH'
  | 'RESTORE_TARGET_NOT_EMPTY'
  | 'RESTORE_FAILED';

/** A backup could not be written or restored; the message says what to do. */
export class BackupError extends Error {
  readonly code: BackupErrorCode;
  constructor(code: BackupErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackupError';
    this.code = code;
  }
}
