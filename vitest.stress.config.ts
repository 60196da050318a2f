import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.stress.test.ts'],
    // Compiles first when dist/ is older than src/: workers always run the compiled worker.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 900_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
