import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Suites that need Debian tools skip (and are named at the end) where one is missing.
    globalSetup: ['test/support/tools-global.ts'],
    setupFiles: ['test/support/tools-setup.ts'],
  },
});
