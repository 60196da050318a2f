import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Stress and benchmarks run only on request (npm run test:stress, npm run bench).
    exclude: ['test/**/*.stress.test.ts', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Each file starts worker pools with their own DuckDB instances; on 2 cores, files in
    // parallel only contend.
    fileParallelism: false,
  },
});
