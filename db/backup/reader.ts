import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { BackupError } from './errors.ts';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupHeader,
  type TableEnd,
  type TableStart,
  type Trailer,
} from './format.ts';

/** One line of a backup after the header. */
export type BackupRecord =
  | { kind: 'start'; start: TableStart }
  | { kind: 'row'; line: string; values: number }
  | { kind: 'end'; end: TableEnd }
  | { kind: 'trailer'; trailer: Trailer };

export interface BackupReader {
  header: BackupHeader;
  /** The records after the header, in file order; throws BackupError on a damaged file. */
  records: AsyncGenerator<BackupRecord, void, undefined>;
  /** Stops reading and releases the file (also when records were not read to the end). */
  close(): Promise<void>;
}

/** Opens a backup file and reads its header; refuses what is not a Tandem backup this code reads. */
export async function openBackup(file: string): Promise<BackupReader> {
  const lines = readLines(file);
  let first: IteratorResult<string, void>;
  try {
    first = await lines.next();
  } catch (error) {
    // Damaged from its first bytes: most likely some other file.
    if (error instanceof BackupError && error.code === 'BACKUP_CORRUPT') {
      throw new BackupError(
        'BACKUP_NOT_A_BACKUP',
        `${file} is not a Tandem backup (made by npm run db:backup): ${(error.cause as Error).message}.`,
        { cause: error },
      );
    }
    throw error;
  }
  const header = parseHeader(file, first.done ? undefined : first.value);
  let line = 1;
  async function* records(): AsyncGenerator<BackupRecord, void, undefined> {
    for await (const text of lines) {
      line += 1;
      yield parseRecord(file, line, text);
    }
  }
  const iterator = records();
  return {
    header,
    records: iterator,
    close: async () => {
      await iterator.return();
      await lines.return();
    },
  };
}

async function* readLines(file: string): AsyncGenerator<string, void, undefined> {
  const input = createReadStream(file);
  const gunzip = createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip).setEncoding('utf8');
  let pending = '';
  try {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      const parts = (pending + chunk).split('\n');
      pending = parts.pop()!;
      yield* parts;
    }
  } catch (error) {
    throw describeReadError(file, error);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  if (pending !== '') {
    throw new BackupError(
      'BACKUP_TRUNCATED',
      `${file} ends in the middle of a line: it is incomplete.`,
    );
  }
}

function describeReadError(file: string, error: unknown): BackupError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new BackupError('BACKUP_FILE_NOT_FOUND', `${file} does not exist.`, { cause: error });
  }
  if (code === 'Z_BUF_ERROR') {
    return new BackupError(
      'BACKUP_TRUNCATED',
      `${file} ends before its compressed data does: it is incomplete (an interrupted copy?). Nothing was restored.`,
      { cause: error },
    );
  }
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new BackupError(
      'BACKUP_CORRUPT',
      `${file} is damaged or not a gzip file (${(error as Error).message}). Nothing was restored.`,
      { cause: error },
    );
  }
  return new BackupError('BACKUP_CORRUPT', `Reading ${file} failed: ${(error as Error).message}`, {
    cause: error,
  });
}

function parseHeader(file: string, text: string | undefined): BackupHeader {
  let header: Partial<BackupHeader> | undefined;
  try {
    header = text === undefined ? undefined : JSON.parse(text);
  } catch {
    header = undefined;
  }
  if (header?.format !== BACKUP_FORMAT) {
    throw new BackupError(
      'BACKUP_NOT_A_BACKUP',
      `${file} is not a Tandem backup (made by npm run db:backup).`,
    );
  }
  if (header.version !== BACKUP_VERSION) {
    throw new BackupError(
      'BACKUP_UNSUPPORTED_VERSION',
      `${file} is a version ${header.version} backup; this Tandem reads version ${BACKUP_VERSION}. Restore it with the Tandem release that wrote it.`,
    );
  }
  const valid =
    typeof header.migration?.when === 'number' &&
    typeof header.migration.hash === 'string' &&
    Array.isArray(header.tables) &&
    header.tables.every(
      (table) =>
        typeof table?.name === 'string' &&
        Array.isArray(table.columns) &&
        table.columns.every(
          (column) => typeof column?.name === 'string' && typeof column.type === 'string',
        ),
    );
  if (!valid) throw corrupt(file, 1, 'the header is incomplete');
  return header as BackupHeader;
}

function parseRecord(file: string, line: number, text: string): BackupRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw corrupt(file, line, 'it is not JSON');
  }
  if (Array.isArray(value)) {
    if (!value.every((item) => item === null || typeof item === 'string')) {
      throw corrupt(file, line, 'a row holds something other than text and nulls');
    }
    return { kind: 'row', line: text, values: value.length };
  }
  const record = value as Record<string, unknown> | null;
  if (typeof record?.table === 'string') return { kind: 'start', start: { table: record.table } };
  if (typeof record?.end === 'string' && typeof record.rows === 'number') {
    return { kind: 'end', end: { end: record.end, rows: record.rows } };
  }
  if (
    record?.complete === true &&
    typeof record.tables === 'number' &&
    typeof record.rows === 'number'
  ) {
    return {
      kind: 'trailer',
      trailer: { complete: true, tables: record.tables, rows: record.rows },
    };
  }
  throw corrupt(file, line, 'it is no kind of backup line');
}

/** A damaged backup, naming where. */
export function corrupt(file: string, line: number, why: string): BackupError {
  return new BackupError(
    'BACKUP_CORRUPT',
    `${file} is damaged at line ${line}: ${why}. Nothing was restored.`,
  );
}
