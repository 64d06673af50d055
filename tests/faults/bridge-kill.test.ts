import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eventually } from '../../collab-server/testing/clients.ts';
import { localWorkspacePath } from '../../sandbox-bridge/driver/local-driver.ts';
import {
  connectClient,
  startTestCollab,
  type TestClient,
  type TestCollab,
} from '../../sandbox-bridge/test-support/collab.ts';
import { type RunningProcess, startNode } from '../support/process.ts';
import { killHard, PATIENCE, report } from './harness.ts';

const CHILD = join(import.meta.dirname, 'bridge-mirror.child.ts');
const SANDBOX_ID = 's-bridge-kill';
const DOC = 'session-bridge-kill';

/**
 * A bridge killed with SIGKILL ~80 ms after the shell appended to a file
 * (before its mirror read the change) used to come back and rewrite the disk
 * from the document: the append was gone from both. The mirror now keeps the
 * last agreed state per file and merges three ways on start.
 */
describe('bridge kill -9 with a disk change in flight', () => {
  let collab: TestCollab;
  let client: TestClient;
  let folder: string;
  let bridge: RunningProcess | null = null;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'tandem-bridge-kill-'));
    collab = await startTestCollab();
    client = await connectClient(collab.url, DOC);
  });

  afterAll(async () => {
    if (bridge) await killHard(bridge);
    client?.close();
    await collab?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const start = async () => {
    const started = startNode(CHILD, {
      COLLAB_URL: collab.url,
      SANDBOX_DIR: join(folder, 'sandboxes'),
      SANDBOX_ID,
      DOC_NAME: DOC,
      MIRROR_STATE_DIR: join(folder, 'mirror'),
    });
    await started.waitFor('mirror ready', PATIENCE);
    return started;
  };

  it(
    'keeps the append on disk and in the document, and both sides of a concurrent change',
    async () => {
      const workspace = localWorkspacePath(join(folder, 'sandboxes'), SANDBOX_ID);
      const files = client.doc.getMap<Y.Text>('files');
      client.doc.transact(() => {
        const main = new Y.Text();
        main.insert(0, 'print(1)\n');
        files.set('main.py', main);
        const notes = new Y.Text();
        notes.insert(0, 'first\n');
        files.set('notes.md', notes);
      });
      const text = (path: string) => files.get(path)!.toString();
      const disk = (path: string) => {
        try {
          return readFileSync(join(workspace, path), 'utf8');
        } catch {
          return null;
        }
      };

      bridge = await start();
      await eventually(
        () => disk('main.py') === 'print(1)\n' && disk('notes.md') === 'first\n',
        'mirrored',
        PATIENCE,
      );

      // 1: the shell appends; the bridge dies 80 ms later, before a scan reads it.
      appendFileSync(join(workspace, 'main.py'), 'print(2)\n');
      // 2: notes.md changes on disk *and* in the document while the bridge is away.
      appendFileSync(join(workspace, 'notes.md'), 'from the shell\n');
      await new Promise((resolve) => setTimeout(resolve, 80));
      await killHard(bridge);
      files.get('notes.md')!.insert(0, 'from the editor\n');

      const killedAt = performance.now();
      bridge = await start();
      await eventually(
        () => text('main.py').includes('print(2)') && disk('notes.md') === text('notes.md'),
        'merged after restart',
        PATIENCE,
      );
      const recovered = performance.now() - killedAt;

      expect(disk('main.py')).toBe('print(1)\nprint(2)\n');
      expect(text('main.py')).toBe('print(1)\nprint(2)\n');
      expect(text('notes.md')).toBe('from the editor\nfirst\nfrom the shell\n');
      expect(disk('notes.md')).toBe('from the editor\nfirst\nfrom the shell\n');
      expect(bridge.output()).toContain('conflicts=1');
      report('bridge kill -9 with a disk change in flight', {
        disk_changes: 2,
        document_changes: 1,
        kept_on_disk: [
          disk('main.py')!.includes('print(2)'),
          disk('notes.md')!.includes('shell'),
        ].filter(Boolean).length,
        kept_in_document: [
          text('main.py').includes('print(2)'),
          text('notes.md').includes('shell'),
        ].filter(Boolean).length,
        merged_both_changed: 1,
        restart_to_merged_ms: Math.round(recovered),
      });
    },
    3 * PATIENCE,
  );
});
