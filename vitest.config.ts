import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', '.tools/**', 'build/**', '.data/**', 'public/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: more workers only queue up behind each other's PGlite start-up.
    maxWorkers: 2,
    coverage: {
      provider: 'v8',
      include: ['app/**', 'collab-server/**', 'sandbox-bridge/**', 'db/**', 'protocol/**'],
      exclude: ['**/*.test.ts', 'db/migrations/**', 'app/routes/**/*.tsx'],
      reporter: ['text-summary', 'json-summary'],
    },
  },
});
