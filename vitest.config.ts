import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    // One module graph per worker, reused from file to file: each file no longer imports the
    // server again nor compiles PGlite's WebAssembly again (about a third of the suite's CPU).
    // Files share no state but what they create: no test mocks modules or changes process.env.
    isolate: false,
    // scripts/test-all.mjs (npm test) runs two vitest processes: each names its own report.
    reporters: ['default', ['json', { outputFile: process.env.VITEST_JSON ?? 'test-results/vitest.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'web/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/database-templates.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // A busy machine (parallel workers on two cores) answers late, not wrongly: expect.poll
          // waits up to 10 s (vitest's default is 1 s) before it calls an answer wrong.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts', 'test/support/database-templates.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          expect: { poll: { timeout: 15_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
