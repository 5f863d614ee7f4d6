import { defineConfig } from 'vitest/config';

// Browser tests: playwright-core driving the system's Chromium against a real Carta server.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
