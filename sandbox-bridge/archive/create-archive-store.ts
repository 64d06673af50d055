import type { ArchiveConfig } from '../config.ts';
import type { ArchiveStore } from './archive-store.ts';
import { FolderArchiveStore } from './folder-archive-store.ts';
import { S3ArchiveStore } from './s3-archive-store.ts';

/** S3 when S3_BUCKET is set, else the ARCHIVE_DIR folder. */
export function createArchiveStore(
  config: Pick<
    ArchiveConfig,
    | 'ARCHIVE_DIR'
    | 'S3_BUCKET'
    | 'S3_ENDPOINT'
    | 'S3_REGION'
    | 'S3_ACCESS_KEY_ID'
    | 'S3_SECRET_ACCESS_KEY'
  >,
): ArchiveStore {
  if (config.S3_BUCKET) {
    return new S3ArchiveStore({
      bucket: config.S3_BUCKET,
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    });
  }
  return new FolderArchiveStore(config.ARCHIVE_DIR);
}
