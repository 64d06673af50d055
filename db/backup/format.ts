/**
 * The backup file: gzip-compressed lines of JSON (see decision 010).
 *
 *   {"format":"tandem-backup","version":1,…,"tables":[…]}   header
 *   {"table":"organizations"}                              a table starts
 *   ["…","…",null]                                         one row: each column's text form
 *   {"end":"organizations","rows":12}                      the table ends
 *   …                                                      every table, parents first
 *   {"complete":true,"tables":21,"rows":12345}             trailer: the file is whole
 */

export const BACKUP_FORMAT = 'tandem-backup';
export const BACKUP_VERSION = 1;

export interface BackupColumn {
  name: string;
  /** Postgres' `format_type`, e.g. `timestamp(3) with time zone`. */
  type: string;
}

export interface BackupTable {
  name: string;
  /** In the order of each row's values. */
  columns: BackupColumn[];
}

/** The drizzle migration the database was at: backups restore only at the same one. */
export interface MigrationMark {
  /** The migration's file name without `.sql` (null if this checkout does not know it). */
  tag: string | null;
  /** The journal's `when`, which drizzle records as `created_at`. */
  when: number;
  /** sha256 of the migration's SQL, as drizzle records it. */
  hash: string;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** The engine it was taken from: informative only, any engine restores it. */
  engine: 'pglite' | 'postgres';
  migration: MigrationMark;
  /** Every table of the `public` schema, parents before children. */
  tables: BackupTable[];
}

export interface TableStart {
  table: string;
}

export interface TableEnd {
  end: string;
  rows: number;
}

export interface Trailer {
  complete: true;
  tables: number;
  rows: number;
}

/**
 * Session settings under which every value's text form is unambiguous and is
 * read back the same: the backup writes under them and the restore reads
 * under them, whatever the servers' defaults are.
 */
export const TEXT_FORM_SETTINGS = [
  "set local timezone = 'UTC'",
  "set local datestyle = 'ISO, YMD'",
  "set local intervalstyle = 'postgres'",
  "set local bytea_output = 'hex'",
  'set local extra_float_digits = 3',
];
