import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests start real servers on 127.0.0.1 and a real bot, and a few wait on
    // timeouts that are part of the behaviour under test. The slowest take
    // about 20 s on two cores, and a CI machine can be slower.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
