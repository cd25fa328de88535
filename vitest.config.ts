import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests start real servers on 127.0.0.1 and a real bot; a few of them
    // wait on timeouts that are part of the behaviour under test.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
