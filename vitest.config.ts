import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: integration tests each start workers; running files one at a time keeps them honest.
    fileParallelism: false,
    pool: 'forks',
  },
});
