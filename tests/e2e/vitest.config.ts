import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['../../scripts/vitest/temp-dir.mjs'],
    // Each test builds and runs real services (podman, go build, npm ci): one file at a time on a
    // busy 2-core machine, with room for the builds.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
