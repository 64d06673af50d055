import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeProblems } from '../app/questions/exchange-format.ts';
import { problems } from '../db/schema/index.ts';
import { DEMO_PROBLEMS } from '../db/seed/problems.ts';
import { createOrganization, signedInClient } from './support/fixtures.ts';
import type { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
let interviewer: TestClient;
beforeAll(async () => {
  stack = await startTestStack();
  interviewer = await signedInClient(
    stack.baseUrl,
    stack.demo.interviewerEmail,
    stack.demo.password,
  );
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const count = async () => (await stack.database.db.select().from(problems)).length;

function upload(client: TestClient, text: string) {
  const form = new FormData();
  form.set('file', new Blob([text], { type: 'application/json' }), 'questions.json');
  return client.request('/questions', { method: 'POST', body: form });
}

describe('the question bank', () => {
  it('lists problems with search and filters', async () => {
    const python = await (await interviewer.request('/questions?language=python')).text();
    expect(python).toContain('Merge Intervals');
    expect(python).not.toContain('Two Sum');
    const search = await (await interviewer.request('/questions?q=cache')).text();
    expect(search).toContain('LRU Cache');
    expect(search).not.toContain('Merge Intervals');
    const tag = await (await interviewer.request('/questions?tag=hash-map&difficulty=EASY')).text();
    expect(tag).toContain('Two Sum');
    expect(tag).not.toContain('LRU Cache');
  });

  it('creates a problem from the editor form and refuses one without tests', async () => {
    const fields = {
      intent: 'save',
      title: 'FizzBuzz',
      description: 'Print the numbers with the usual twist.',
      difficulty: 'EASY',
      language: 'javascript',
      category: 'warm-up',
      tags: 'loops, strings',
      estimatedMinutes: '10',
      starterFiles: JSON.stringify([{ path: 'fizz.js', content: 'export function fizz(n) {}' }]),
      visibleTests: JSON.stringify([]),
      grading: '',
      referenceSolution: JSON.stringify([]),
    };
    const refused = await interviewer.postForm('/questions/new', fields);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Add at least 1 visible test file.');
    const created = await interviewer.postForm('/questions/new', {
      ...fields,
      visibleTests: JSON.stringify([
        { path: 'fizz.test.js', content: "import { test } from 'node:test';" },
      ]),
    });
    expect(created.status).toBe(302);
    const [row] = await stack.database.db
      .select()
      .from(problems)
      .where(eq(problems.title, 'FizzBuzz'));
    expect(row).toMatchObject({
      language: 'javascript',
      tags: ['loops', 'strings'],
      category: 'warm-up',
    });
  });

  it("edits a problem's language versions: adds one, refuses a module in the wrong language, keeps them when the form has none", async () => {
    const [fizz] = await stack.database.db
      .select()
      .from(problems)
      .where(eq(problems.title, 'FizzBuzz'));
    const base = {
      intent: 'save',
      title: 'FizzBuzz',
      description: 'Print the numbers with the usual twist.',
      difficulty: 'EASY',
      language: 'javascript',
      category: 'warm-up',
      tags: 'loops',
      estimatedMinutes: '10',
      starterFiles: JSON.stringify(fizz!.starterFiles),
      visibleTests: JSON.stringify(fizz!.visibleTests),
      grading: '',
      referenceSolution: JSON.stringify([]),
    };
    const python = {
      languageVersionsEdited: '1',
      'lv-offered-python': 'on',
      'lv-module-python': 'fizz.py',
      'lv-entry-python': '',
      'lv-starterFiles-python': JSON.stringify([
        { path: 'fizz.py', content: 'def fizz(n):\n    pass\n' },
      ]),
      'lv-visibleTests-python': JSON.stringify([
        { path: 'test_fizz.py', content: 'import unittest\n' },
      ]),
      'lv-referenceSolution-python': JSON.stringify([]),
      // Not offered: its fields are ignored.
      'lv-module-java': 'Fizz.java',
      'lv-starterFiles-java': JSON.stringify([]),
    };
    const saved = await interviewer.postForm(`/questions/${fizz!.id}`, { ...base, ...python });
    expect(saved.status).toBe(200);
    const read = async () =>
      (
        await stack.database.db
          .select({ versions: problems.languageVersions })
          .from(problems)
          .where(eq(problems.id, fizz!.id))
      )[0]!.versions;
    await expect(read()).resolves.toEqual({
      python: {
        module: 'fizz.py',
        starterFiles: [{ path: 'fizz.py', content: 'def fizz(n):\n    pass\n' }],
        visibleTests: [{ path: 'test_fizz.py', content: 'import unittest\n' }],
        referenceSolution: [],
      },
    });
    const page = await (await interviewer.request(`/questions/${fizz!.id}`)).text();
    expect(page).toContain('lv-offered-python');
    expect(page).toContain('test_fizz.py');

    const wrongModule = await interviewer.postForm(`/questions/${fizz!.id}`, {
      ...base,
      ...python,
      'lv-module-python': 'fizz.js',
    });
    expect(wrongModule.status).toBe(400);
    expect(await wrongModule.text()).toContain('fizz.js, which is not a starter file');

    // A form without the section (an older page) leaves the stored versions alone.
    expect((await interviewer.postForm(`/questions/${fizz!.id}`, base)).status).toBe(200);
    expect(Object.keys((await read()) ?? {})).toEqual(['python']);
    // Unchecking every language removes them.
    await interviewer.postForm(`/questions/${fizz!.id}`, { ...base, languageVersionsEdited: '1' });
    expect(await read()).toBeNull();
  });

  it('rejects a malformed import with the line and field at fault and writes nothing', async () => {
    const before = await count();
    const text = serializeProblems(DEMO_PROBLEMS).replace(
      '"language": "python"',
      '"language": "cobol"',
    );
    const response = await upload(interviewer, text);
    expect(response.status).toBe(400);
    const html = await response.text();
    const line = text.split('\n').findIndex((l) => l.includes('"cobol"')) + 1;
    expect(html).toContain(`Line ${line}, `);
    expect(html).toContain('problems.2.language');
    expect(html).toContain('Nothing was imported');
    expect(await count()).toBe(before);
  });

  it('imports a valid file in full, and exports what it has', async () => {
    const before = await count();
    const response = await upload(interviewer, serializeProblems(DEMO_PROBLEMS));
    expect(response.status).toBe(200);
    expect(await count()).toBe(before + DEMO_PROBLEMS.length);
    const exported = await interviewer.request('/questions/export');
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    const body = await exported.json();
    expect(body.format).toBe('tandem.problems');
    expect(body.problems.length).toBe(before + DEMO_PROBLEMS.length);
  });

  it('archives a problem that an assessment uses, and deletes one nobody uses', async () => {
    const [used] = await stack.database.db
      .select()
      .from(problems)
      .where(eq(problems.title, 'Two Sum'))
      .limit(1);
    const archived = await interviewer.postForm(`/questions/${used!.id}`, { intent: 'remove' });
    expect(await archived.text()).toContain('archived instead of deleted');
    const [after] = await stack.database.db
      .select()
      .from(problems)
      .where(eq(problems.id, used!.id));
    expect(after?.archivedAt).not.toBeNull();
    const [unused] = await stack.database.db
      .select()
      .from(problems)
      .where(eq(problems.title, 'FizzBuzz'));
    const deleted = await interviewer.postForm(`/questions/${unused!.id}`, { intent: 'remove' });
    expect(deleted.status).toBe(302);
    expect(
      await stack.database.db.select().from(problems).where(eq(problems.id, unused!.id)),
    ).toEqual([]);
  });

  it('shows nothing of another organization’s problems', async () => {
    const other = await createOrganization(stack.database.db, 'Rival');
    const [foreign] = await stack.database.db
      .insert(problems)
      .values({
        ...DEMO_PROBLEMS[0]!,
        title: 'Rival secret',
        organizationId: other.organization.id,
      })
      .returning();
    expect((await interviewer.request(`/questions/${foreign!.id}`)).status).toBe(404);
    expect(await (await interviewer.request('/questions?q=secret')).text()).not.toContain(
      'Rival secret',
    );
    expect(
      (await interviewer.postForm(`/questions/${foreign!.id}`, { intent: 'remove' })).status,
    ).toBe(404);
  });
});
