// End-to-end tests: web mode (`dist/server/serve.mjs`) driven in Debian's headless Chromium with
// playwright-core. Needs `npm run build` first (the test script does it).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
