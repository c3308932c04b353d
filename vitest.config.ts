import { defineConfig } from 'vitest/config';

// Three tiers that can run alone: pure unit tests, integration tests on a real chDB engine, and
// end-to-end tests in a real Chromium. Each test file runs in its own process because libchdb binds
// one data directory per process.
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{store,collector,server,web,test,bench}/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['{store,collector,server,test}/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/e2e/chromium-global-setup.ts'],
        },
      },
    ],
  },
});
