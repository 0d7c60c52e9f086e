import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['../../scripts/vitest/temp-dir.mjs'],
    // End-to-end tests build real services (npm ci, go build): give them room, run files one at a time
    // on a 2-core machine so builds do not starve each other.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
