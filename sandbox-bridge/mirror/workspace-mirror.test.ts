import { appendFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { SESSION_DOC } from '../../protocol/documents.ts';
import { silentLogger } from '../../protocol/logger.ts';
import { localWorkspacePath } from '../driver/local-driver.ts';
import type { SandboxHandle } from '../driver/types.ts';
import { RacingFiles } from '../test-support/append-race.ts';
import {
  connectClient,
  startTestCollab,
  type TestClient,
  type TestCollab,
} from '../test-support/collab.ts';
import { eventually, startTestDriver, type TestDriver } from '../test-support/local-sandbox.ts';
import type { OpenDocument } from './document-source.ts';
import { providerDocumentSource } from './provider-document-source.ts';
import { type ToolFileChange, WorkspaceMirror } from './workspace-mirror.ts';

let collab: TestCollab;
let harness: TestDriver;
let counter = 0;

beforeAll(async () => {
  collab = await startTestCollab();
  harness = await startTestDriver();
});
afterAll(async () => {
  await collab?.close();
  await harness?.cleanup();
});

interface Setup {
  name: string;
  sandbox: SandboxHandle;
  document: OpenDocument;
  mirror: WorkspaceMirror;
  client: TestClient;
  changes: ToolFileChange[];
  /** Origins the bridge claimed, as the server saw them while each update applied. */
  origins: string[];
  read(path: string): Promise<string | null>;
  clientText(path: string): string | undefined;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(
  initial: Record<string, string> = {},
  viaProvider = false,
  wrap: (sandbox: SandboxHandle) => SandboxHandle = (sandbox) => sandbox,
): Promise<Setup> {
  counter += 1;
  const name = `session/mirror-${counter}`;
  const created = await harness.driver.create(`mirror-${counter}`);
  const sandbox = wrap(created);
  const client = await connectClient(collab.url, name);
  client.doc.transact(() => {
    const files = client.doc.getMap<Y.Text>(SESSION_DOC.files);
    for (const [path, content] of Object.entries(initial)) files.set(path, new Y.Text(content));
  });
  const source = viaProvider
    ? providerDocumentSource({ url: collab.url, token: async () => 'service' })
    : collab.documents;
  const document = await source.open(name);
  await eventually(() =>
    document.doc.getMap(SESSION_DOC.files).size === Object.keys(initial).length ? true : undefined,
  );
  const origins: string[] = [];
  const serverDoc = collab.server.hocuspocus.documents.get(name);
  serverDoc?.on('update', (_update: Uint8Array, origin: unknown) => {
    const context = (origin as { context?: { origin?: string } } | null)?.context;
    if (context?.origin) origins.push(context.origin);
  });
  const changes: ToolFileChange[] = [];
  const mirror = new WorkspaceMirror({
    sandbox,
    document,
    logger: silentLogger(),
    scanIntervalMs: 250,
    onToolChange: (change) => changes.push(change),
  });
  await mirror.start();
  cleanups.push(async () => {
    await mirror.stop();
    await document.close();
    client.close();
    await harness.driver.destroy(created.id);
  });
  return {
    name,
    sandbox,
    document,
    mirror,
    client,
    changes,
    origins,
    read: async (path) => {
      const bytes = await sandbox.readFile(path);
      return bytes ? new TextDecoder().decode(bytes) : null;
    },
    clientText: (path) => client.doc.getMap<Y.Text>(SESSION_DOC.files).get(path)?.toString(),
  };
}

describe('document → sandbox', () => {
  test('the files of the document are on disk when the mirror starts', async () => {
    const s = await setup({ 'solution.ts': 'export const a = 1;\n', 'src/util.ts': 'x' });
    expect(await s.read('solution.ts')).toBe('export const a = 1;\n');
    expect(await s.read('src/util.ts')).toBe('x');
  });

  test('typing in a Yjs client reaches the file on disk', async () => {
    const s = await setup({ 'solution.ts': '' });
    const text = s.client.doc.getMap<Y.Text>(SESSION_DOC.files).get('solution.ts')!;
    text.insert(0, 'const typed = true;\n');
    await eventually(
      async () => ((await s.read('solution.ts')) === 'const typed = true;\n' ? true : undefined),
      2000,
      'the typed text on disk',
    );
  });

  test('a file created, then deleted, in the editor appears and disappears on disk', async () => {
    const s = await setup({ 'a.ts': 'a' });
    const files = s.client.doc.getMap<Y.Text>(SESSION_DOC.files);
    files.set('lib/new.ts', new Y.Text('new file'));
    await eventually(async () => ((await s.read('lib/new.ts')) === 'new file' ? true : undefined));
    files.delete('lib/new.ts');
    await eventually(async () => ((await s.read('lib/new.ts')) === null ? true : undefined));
  });

  test('a folder deleted with its files in the editor leaves the disk and stays deleted', async () => {
    const s = await setup({ 'a.ts': 'a' });
    const files = s.client.doc.getMap<Y.Text>(SESSION_DOC.files);
    const folders = s.client.doc.getMap<boolean>(SESSION_DOC.folders);
    s.client.doc.transact(() => {
      folders.set('lib', true);
      folders.set('lib/deep', true);
      files.set('lib/deep/math.ts', new Y.Text('export const x = 1;\n'));
      files.set('lib/util.ts', new Y.Text('u'));
    });
    await eventually(async () => ((await s.read('lib/deep/math.ts')) ? true : undefined));
    // As the file tree deletes a folder: everything under it in one transaction.
    s.client.doc.transact(() => {
      for (const path of ['lib/deep/math.ts', 'lib/util.ts']) files.delete(path);
      for (const path of ['lib', 'lib/deep']) folders.delete(path);
    });
    const onDisk = async () => (await s.sandbox.list()).map((entry) => entry.path);
    await eventually(async () => (!(await onDisk()).includes('lib') ? true : undefined));
    // Several scans later the emptied folder has not come back as a terminal folder.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect([...folders.keys()]).toEqual([]);
    expect(await onDisk()).not.toContain('lib');
    expect(s.changes).toEqual([]);
  });

  test('edits from the editor are never echoed back as terminal edits', async () => {
    const s = await setup({ 'a.ts': '' });
    const text = s.client.doc.getMap<Y.Text>(SESSION_DOC.files).get('a.ts')!;
    for (let i = 0; i < 20; i++) text.insert(text.length, `${i};`);
    await eventually(async () => ((await s.read('a.ts'))?.endsWith('19;') ? true : undefined));
    s.mirror.scheduleScan(0);
    await s.mirror.flush();
    expect(s.origins).toEqual([]);
    expect(s.changes).toEqual([]);
  });
});

describe('sandbox → document', () => {
  test('a file the terminal creates joins the document, tagged as a terminal edit', async () => {
    const s = await setup({ 'a.ts': 'a' });
    await s.sandbox.exec([
      'sh',
      '-c',
      'mkdir -p out && printf "made in the shell\\n" > out/made.txt',
    ]);
    s.mirror.scheduleScan(0);
    await eventually(() => s.clientText('out/made.txt'), 3000, 'the new file in the client');
    expect(s.clientText('out/made.txt')).toBe('made in the shell\n');
    expect(s.origins).toContain('terminal');
    expect(s.changes).toContainEqual({ path: 'out/made.txt', change: 'created', chars: 18 });
  });

  test('a change on disk comes back as a minimal edit', async () => {
    const s = await setup({ 'a.ts': 'first\nsecond\nthird\n' });
    const seen: unknown[] = [];
    // A delta must be read inside the handler: Yjs computes it from the live transaction.
    s.client.doc
      .getMap<Y.Text>(SESSION_DOC.files)
      .get('a.ts')!
      .observe((event) => seen.push(...event.delta));
    await s.sandbox.exec(['sed', '-i', 's/second/SECOND/', 'a.ts']);
    s.mirror.scheduleScan(0);
    await eventually(() => (s.clientText('a.ts') === 'first\nSECOND\nthird\n' ? true : undefined));
    expect(seen).toEqual([{ retain: 6 }, { delete: 6 }, { insert: 'SECOND' }]);
  });

  test('a file the terminal deletes leaves the document', async () => {
    const s = await setup({ 'a.ts': 'a', 'b.ts': 'b' });
    await s.sandbox.exec(['rm', 'b.ts']);
    s.mirror.scheduleScan(0);
    await eventually(() => (s.clientText('b.ts') === undefined ? true : undefined));
    expect(s.clientText('a.ts')).toBe('a');
  });

  test('ignored folders, binary files and symlinks stay out of the document', async () => {
    const s = await setup({ 'a.ts': 'a' });
    await s.sandbox.exec([
      'sh',
      '-c',
      'mkdir -p node_modules/pkg && echo x > node_modules/pkg/index.js && head -c 64 /dev/urandom > blob.bin && echo ok > visible.txt',
    ]);
    symlinkSync('/etc/hostname', join(localWorkspacePath(harness.root, s.sandbox.id), 'leak.txt'));
    s.mirror.scheduleScan(0);
    await eventually(() => s.clientText('visible.txt'));
    await s.mirror.flush();
    const paths = [...s.client.doc.getMap(SESSION_DOC.files).keys()].sort();
    expect(paths).toEqual(['a.ts', 'visible.txt']);
  });

  test('a mirrored file the shell turns binary leaves the document, and its bytes stay on disk', async () => {
    // What a file written in two steps looks like to a scan in between (`head -c … > f`
    // creates the file empty, then writes): imported as text, then binary.
    const s = await setup({ 'a.ts': 'a' });
    await s.sandbox.exec(['sh', '-c', 'printf "" > data.bin']);
    s.mirror.scheduleScan(0);
    await eventually(() => (s.clientText('data.bin') === '' ? true : undefined));
    await s.mirror.flush();
    await s.sandbox.exec(['sh', '-c', 'printf "\\000\\377\\376binary" > data.bin']);
    s.mirror.scheduleScan(0);
    await eventually(() => (s.clientText('data.bin') === undefined ? true : undefined));
    await s.mirror.flush();
    const bytes = await s.sandbox.readFile('data.bin');
    expect([...(bytes ?? [])].slice(0, 3)).toEqual([0, 255, 254]);
    expect(bytes?.byteLength).toBe(9);
  });

  test('a shell append while a client types in the same file keeps both edits', async () => {
    const s = await setup({ 'solution.ts': 'export function f() {}\n' });
    const text = s.client.doc.getMap<Y.Text>(SESSION_DOC.files).get('solution.ts')!;
    const appends = Array.from({ length: 5 }, (_, i) => `// shell ${i}`);
    let typed = 0;
    const typing = (async () => {
      for (; typed < 40; typed++) {
        text.insert(typed, 'x');
        // A typist's pace: each keystroke its own update, the mirror writing in between.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    for (const [i, line] of appends.entries()) {
      await s.sandbox.exec(['sh', '-c', `echo '${line}' >> solution.ts`]);
      s.mirror.scheduleScan(0);
      // The next line once the mirror has taken this one in, however slow the machine.
      await eventually(
        () => (s.clientText('solution.ts')?.includes(`${line}\n`) ? true : undefined),
        15_000,
        `shell line ${i} in the client`,
      ).catch((error) => {
        throw new Error(
          `${error} (typed ${typed})\nclient: ${JSON.stringify(s.clientText('solution.ts'))}`,
        );
      });
    }
    await typing;
    const expected = `${'x'.repeat(40)}export function f() {}\n${appends.join('\n')}\n`;
    await eventually(
      () => (s.clientText('solution.ts') === expected ? true : undefined),
      15_000,
      'both edits in the client',
    ).catch((error) => {
      throw new Error(`${error}\nclient: ${JSON.stringify(s.clientText('solution.ts'))}`);
    });
    await s.mirror.flush();
    expect(await s.read('solution.ts')).toBe(expected);
  });

  test('a shell `>>` landing between the check and the replacement of a mirror write reaches document and disk', async () => {
    let racing: RacingFiles | null = null;
    const s = await setup({ 'solution.ts': 'export function f() {}\n' }, false, (sandbox) => {
      const workspace = localWorkspacePath(harness.root, sandbox.id);
      const { uid, gid } = statSync(workspace);
      racing = new RacingFiles(workspace, { uid, gid });
      const files = racing;
      // The real sandbox, but its writes go through the racing copy of its files.
      const wrapped = Object.create(sandbox) as SandboxHandle;
      wrapped.writeFile = (path, content, options) => files.write(path, content, options?.expected);
      return wrapped;
    });
    const path = join(localWorkspacePath(harness.root, s.sandbox.id), 'solution.ts');
    racing!.race = (step) => {
      if (step !== 'checked') return;
      racing!.race = null;
      // As `echo '// shell' >> solution.ts` between the mirror's check and its write.
      appendFileSync(path, '// shell\n');
    };
    s.client.doc.getMap<Y.Text>(SESSION_DOC.files).get('solution.ts')!.insert(0, '// typed\n');
    const expected = '// typed\nexport function f() {}\n// shell\n';
    await eventually(
      () => (s.clientText('solution.ts') === expected ? true : undefined),
      5000,
      'the shell line in the client',
    ).catch((error) => {
      throw new Error(`${error}\nclient: ${JSON.stringify(s.clientText('solution.ts'))}`);
    });
    await s.mirror.flush();
    expect(await s.read('solution.ts')).toBe(expected);
    expect(s.changes).toContainEqual({ path: 'solution.ts', change: 'changed', chars: 32 });
  });

  test('a provider-connected bridge mirrors both ways too', async () => {
    const s = await setup({ 'a.ts': 'a' }, true);
    const text = s.client.doc.getMap<Y.Text>(SESSION_DOC.files).get('a.ts')!;
    text.insert(1, 'b');
    await eventually(async () => ((await s.read('a.ts')) === 'ab' ? true : undefined));
    await s.sandbox.exec(['sh', '-c', 'echo c >> a.ts']);
    s.mirror.scheduleScan(0);
    await eventually(() => (s.clientText('a.ts') === 'abc\n' ? true : undefined));
  });
});
