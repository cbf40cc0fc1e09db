import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'components/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          // Some unit tests use real loopback servers and argon2; CI's 2 cores are shared with the
          // whole run, so the 5 s default measured the machine, not the code.
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          // Request logs are for operators; tests keep warnings and errors only.
          env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // As for e2e: one retry against real parts, and a pass on retry is printed FLAKY with its
          // first failure by scripts/test-summary.mjs, so a race is seen without losing the run.
          retry: 1,
        },
      },
    ],
  },
});
