import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    // The seed's template files hold the candidates' tests (solution.test.ts), not ours.
    exclude: [
      'node_modules/**',
      '.tools/**',
      'build/**',
      '.data/**',
      'public/**',
      'db/seed/languages/templates/**',
    ],
    // The embedded database's template for every new test database (PGLITE_TEMPLATE).
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: more workers only queue up behind each other's PGlite start-up.
    maxWorkers: 2,
    // `npm test -- --coverage`; `node scripts/coverage-summary.ts` prints it per folder.
    coverage: {
      provider: 'v8',
      include: ['app/**', 'collab-server/**', 'sandbox-bridge/**', 'db/**', 'protocol/**'],
      exclude: [
        '**/*.test.ts',
        '**/*.d.ts',
        'db/migrations/**',
        'db/seed/languages/templates/**',
        'app/routes/**/*.tsx',
        // Helpers only tests run, and a measurement script (like bench/).
        'collab-server/testing/**',
        'sandbox-bridge/test-support/**',
        'db/backup/testing/**',
        'db/backup/measure.ts',
        // Runs inside the sandbox's own Node process, which coverage cannot see.
        'sandbox-bridge/runner/harness/**',
      ],
      reporter: ['text-summary', 'json-summary'],
      // A failing test still leaves the numbers, so CI can print them.
      reportOnFailure: true,
    },
  },
});
