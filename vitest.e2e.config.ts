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
    // The UI answers within milliseconds here, but a loaded CI machine can take seconds: a poll fails
    // only when what it waits for does not come at all (each test's own timeouts still bound it).
    expect: { poll: { timeout: 15_000, interval: 50 } },
  },
});
