import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../tests/support/database.ts';
import { candidates, organizations, problems } from '../schema/index.ts';
import { DEMO, seedDemo } from './demo.ts';

// `npm start` seeds the demo on every start: a second start must not add a
// second organization, and must print the invitation only while it is unused.
const SECRET = 'demo-seed-test-secret-0123456789abcdefgh';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('pglite');
});
afterAll(async () => {
  await database?.destroy();
});

describe('seedDemo', () => {
  it('seeds once; seeding again keeps the one organization and gives the same unused invitation', async () => {
    const first = await seedDemo(database.db, SECRET);
    expect(first).toMatchObject({ created: true, interviewerEmail: DEMO.interviewerEmail });
    expect(first.inviteToken).toBeTruthy();
    const second = await seedDemo(database.db, SECRET);
    expect(second).toEqual({ ...first, created: false });
    const [orgs] = await database.db.select({ n: count() }).from(organizations);
    const [seeded] = await database.db.select({ n: count() }).from(problems);
    expect(orgs!.n).toBe(1);
    expect(seeded!.n).toBeGreaterThan(0);
  });

  it('gives no invitation once the demo candidate has started', async () => {
    await database.db
      .update(candidates)
      .set({ status: 'IN_PROGRESS' })
      .where(eq(candidates.email, DEMO.candidateEmail));
    const again = await seedDemo(database.db, SECRET);
    expect(again).toMatchObject({ created: false, inviteToken: null });
  });
});
