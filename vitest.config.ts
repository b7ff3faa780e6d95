import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PDF parsing is CPU-bound: one fork per core is as fast as it gets on small machines.
    pool: 'forks',
  },
});
