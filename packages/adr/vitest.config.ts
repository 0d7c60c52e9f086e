import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['../../scripts/vitest/temp-dir.mjs'],
    // The CLI tests spawn the built bundle many times on a busy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
