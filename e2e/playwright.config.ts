import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

const root = resolve(__dirname, '..');

/**
 * The whole platform from the built dist (global-setup.ts starts it on non-default ports, with its own
 * database and queue prefix), driven by the openai client and Debian's Chromium.
 * Run through `npm test` (or `npm test -- --only e2e`), which builds first.
 */
export default defineConfig({
  testDir: __dirname,
  testMatch: '**/*.e2e.ts',
  outputDir: resolve(root, 'test-results', 'e2e-artifacts'),
  globalSetup: require.resolve('./support/global-setup'),
  globalTeardown: require.resolve('./support/global-teardown'),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['json', { outputFile: process.env.SLUICE_E2E_JSON ?? resolve(root, 'test-results', 'e2e.json') }]],
  use: {
    headless: true,
    screenshot: 'on',
    // Recording a trace costs about a quarter of the browser's CPU in every journey (47 vs 62 s of CPU for
    // two journeys), even when it is then thrown away. CI keeps no artifacts, so it records none there;
    // locally a failing journey keeps its trace (`npx playwright show-trace`).
    trace: process.env.CI ? 'off' : 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
