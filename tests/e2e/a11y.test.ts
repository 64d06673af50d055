// Every main page, as a hiring team and a candidate see it, at a desktop
// (1440×900) and a phone (390×844) size: axe-core finds no serious or
// critical WCAG 2.2 AA violation, management pages do not scroll sideways on
// the phone, and a full-page screenshot of each lands in test-results/
// (prefixed with $SCREENSHOT_LABEL, "after" unless set, so a run on an older
// build can keep "before" pictures beside them). Needs `npm run build`.
import { join } from 'node:path';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidates, interviewSessions, problems } from '../../db/schema/index.ts';
import { seedScale } from '../../db/seed/scale.ts';
import { seriousViolations } from '../support/axe.ts';
import { ARTIFACTS_DIR, launchBrowser, screenshot, signIn } from '../support/browser.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const LABEL = process.env.SCREENSHOT_LABEL ?? 'after';
const SIZES = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const;

let stack: TestStack;
let browser: Browser;
const contexts: Record<'guest' | 'team' | 'candidate', BrowserContext | null> = {
  guest: null,
  team: null,
  candidate: null,
};
const ids = {
  completed: '',
  invited: '',
  other: '',
  problem: '',
  interview: '',
  assessment: '',
};

beforeAll(async () => {
  stack = await startTestStack();
  await seedScale(stack.database.db, {
    candidates: 16,
    assessments: 2,
    organizationId: stack.demo.organizationId,
  });
  const db = stack.database.db;
  const finished = await db
    .select({ id: candidates.id })
    .from(candidates)
    .innerJoin(interviewSessions, eq(interviewSessions.candidateId, candidates.id))
    .where(and(eq(candidates.status, 'COMPLETED'), isNotNull(interviewSessions.endedAt)));
  const [invited] = await db
    .select({ id: candidates.id, assessmentId: candidates.assessmentId })
    .from(candidates)
    .where(eq(candidates.status, 'INVITED'));
  const [problem] = await db.select({ id: problems.id }).from(problems);
  ids.completed = finished[0]!.id;
  ids.other = finished[1]!.id;
  ids.invited = invited!.id;
  ids.assessment = invited!.assessmentId;
  ids.problem = problem!.id;

  browser = await launchBrowser();
  for (const name of ['guest', 'team', 'candidate'] as const)
    contexts[name] = await browser.newContext({ viewport: SIZES[0] });
  const page = await contexts.team!.newPage();
  await signIn(page, stack.baseUrl, stack.demo.interviewerEmail, stack.demo.password);
  await page.close();
}, 300_000);

afterAll(async () => {
  for (const context of Object.values(contexts)) await context?.close().catch(() => {});
  await browser?.close();
  await stack?.close();
});

interface Tour {
  name: string;
  who: keyof typeof contexts;
  path: () => string;
  /** Something on the page that shows it finished rendering. */
  ready: string;
  /** Management pages must fit a phone's width without sideways scrolling. */
  fitsPhone: boolean;
  /**
   * The screenshot holds the visible part only: the question editor's Monaco
   * fields keep Chromium's full-page capture from finishing (it waited for
   * its 30 s timeout at 390 px on a loaded machine).
   */
  viewportShot?: boolean;
}

const team = (name: string, path: () => string, ready = 'main h1'): Tour => ({
  name,
  who: 'team',
  path,
  ready,
  fitsPhone: true,
});

const WORKSPACE_READY = '.monaco-editor .view-lines, .needs-larger-screen';

const TOURS: Tour[] = [
  { name: 'login', who: 'guest', path: () => '/login', ready: 'h1', fitsPhone: true },
  {
    name: 'invitation',
    who: 'guest',
    path: () => `/invite/${stack.demo.inviteToken}`,
    ready: 'h1',
    fitsPhone: true,
  },
  team('dashboard', () => '/dashboard'),
  team('candidates', () => '/candidates'),
  team('candidate-invited', () => `/candidates/${ids.invited}`),
  team('report', () => `/candidates/${ids.completed}`),
  team('compare', () => `/candidates/compare?ids=${ids.completed},${ids.other}`),
  team('compare-empty', () => '/candidates/compare'),
  team('assessments', () => '/assessments'),
  team('rubric', () => `/assessments/${ids.assessment}/rubric`),
  team('questions', () => '/questions'),
  { ...team('question', () => `/questions/${ids.problem}`), viewportShot: true },
  team('team', () => '/settings/team'),
  team('not-found', () => '/nope'),
  {
    name: 'workspace',
    who: 'candidate',
    path: () => `/interview/${ids.interview}`,
    ready: WORKSPACE_READY,
    fitsPhone: false,
  },
  {
    name: 'observer',
    who: 'team',
    path: () => `/candidates/${ids.interview}/observe`,
    ready: WORKSPACE_READY,
    fitsPhone: false,
  },
  {
    name: 'replay',
    who: 'team',
    path: () => `/candidates/${ids.interview}/replay`,
    ready: '[data-testid="replay-clock"], .needs-larger-screen',
    fitsPhone: false,
  },
];

/** Opens the page at one size, waits for it, saves a screenshot and checks it. */
async function visit(tour: Tour, size: (typeof SIZES)[number]) {
  const page: Page = await contexts[tour.who]!.newPage();
  try {
    await page.setViewportSize(size);
    await page.goto(`${stack.baseUrl}${tour.path()}`);
    // The wide pages hold both the page and its "needs a larger screen" notice; CSS shows one.
    await page.locator(tour.ready).filter({ visible: true }).first().waitFor({ timeout: 30_000 });
    const shot = `${LABEL}-${tour.name}-${size.width}`;
    if (tour.viewportShot) await page.screenshot({ path: join(ARTIFACTS_DIR, `${shot}.png`) });
    else await screenshot(page, shot);
    const violations = await seriousViolations(page);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    return { violations, overflow };
  } finally {
    await page.close();
  }
}

describe('every main page meets WCAG 2.2 AA and fits its screen', { timeout: 120_000 }, () => {
  for (const tour of TOURS) {
    it(`${tour.name}: no serious or critical axe violations at 1440 and 390 px`, async () => {
      if (tour.name === 'workspace') {
        // The candidate starts the demo interview from the invitation.
        const start = await contexts.candidate!.newPage();
        await start.goto(`${stack.baseUrl}/invite/${stack.demo.inviteToken}`);
        await start.getByRole('button', { name: 'Start interview' }).click();
        await start.waitForURL(/\/interview\/[^/]+$/);
        ids.interview = new URL(start.url()).pathname.split('/').pop()!;
        await start.close();
      }
      // Both sizes first, so both screenshots exist even when one fails.
      const results = [];
      for (const size of SIZES) results.push({ size, ...(await visit(tour, size)) });
      for (const { size, violations, overflow } of results) {
        expect(violations, `${tour.name} at ${size.width} px`).toEqual([]);
        if (tour.fitsPhone)
          expect(overflow, `${tour.name} scrolls sideways`).toBeLessThanOrEqual(0);
      }
    });
  }
});

describe('static assets', () => {
  it('serves the favicon, icons, manifest and robots.txt from public/', async () => {
    const expected: Array<[string, RegExp]> = [
      ['/favicon.ico', /^image\//],
      ['/icon.svg', /^image\/svg\+xml/],
      ['/apple-touch-icon.png', /^image\/png/],
      ['/site.webmanifest', /manifest\+json|json/],
      ['/robots.txt', /^text\/plain/],
    ];
    for (const [path, type] of expected) {
      const response = await fetch(`${stack.baseUrl}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(type);
    }
    expect(await (await fetch(`${stack.baseUrl}/robots.txt`)).text()).toContain('Disallow: /');
  });
});
