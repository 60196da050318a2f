import { defineConfig } from 'vitest/config';

/**
 * Two tiers. unit: pure logic (plans, dates, specs and the SQL they render, error classification,
 * reports, checks, flags, config), no DuckDB instance, worker pool or child process, files in
 * parallel; `npm run test:unit` runs it alone in seconds. integration: the engine against real
 * databases, worker pools and the CLI.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Refuses DuckDB instances, worker pools and child processes, so a slow test cannot slip in.
          setupFiles: ['test/support/unit-guard.ts'],
          // Pure tests share no state worth a fresh module graph per file: one graph per thread
          // cut the tier from 19 s to 5 s (measured at a load of 16 on 2 cores).
          pool: 'threads',
          isolate: false,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Stress and benchmarks run only on request (npm run test:stress, npm run bench).
          exclude: ['test/**/*.stress.test.ts'],
          // Compiles first when dist/ is older than src/: workers always run the compiled worker.
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // Each file starts worker pools with their own DuckDB instances; on 2 cores, files in
          // parallel only contend.
          fileParallelism: false,
        },
      },
    ],
  },
});
