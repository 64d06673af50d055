import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { S3ArchiveStore } from '../archive/s3-archive-store.ts';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  store: S3ArchiveStore;
  close(): Promise<void>;
}

/** s3rver, a real local S3 server, on port 0 with one bucket (settings from FACTS.md). */
export async function startTestS3(): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'tandem-s3-'));
  const bucket = 'tandem-archive';
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const store = new S3ArchiveStore({
    bucket,
    region: 'us-east-1',
    endpoint,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  });
  return {
    endpoint,
    bucket,
    store,
    close: async () => {
      store.close();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
