import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // One test file per core. Left to vitest's default, the 2-core build machine ran one file at a
    // time: 424 s, against 262-265 s in two runs with two, all passing. Most files spend their time
    // waiting on the CLI's child processes, the simulator's sockets and SQLite files.
    maxWorkers: availableParallelism(),
  },
});
