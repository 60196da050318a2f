import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Stress and benchmarks run only on request (npm run test:stress, npm run bench).
    exclude: ['test/**/*.stress.test.ts', 'node_modules/**'],
    // Compiles first when dist/ is older than src/: workers always run the compiled worker.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Each file starts worker pools with their own DuckDB instances; on 2 cores, files in
    // parallel only contend.
    fileParallelism: false,
  },
});
