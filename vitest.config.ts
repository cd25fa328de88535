import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests start real servers on 127.0.0.1 and a real bot; a few of them
    // wait on timeouts that are part of the behaviour under test; the slowest
    // take about 20 s on two cores, and CI machines can be slower.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
