import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

const root = resolve(__dirname, '..', '..');

/**
 * The `npm start` journey (npm-start.demo.ts): it starts the demo itself, with its embedded PGlite, so it
 * has no global setup. `npm test` runs it in its own stage, after the e2e stage (`npm test -- --only demo`).
 */
export default defineConfig({
  ...base,
  testDir: __dirname,
  testMatch: '**/*.demo.ts',
  globalSetup: undefined,
  globalTeardown: undefined,
  outputDir: resolve(root, 'test-results', 'demo-artifacts'),
  reporter: [['list'], ['json', { outputFile: process.env.SLUICE_DEMO_JSON ?? resolve(root, 'test-results', 'demo.json') }]],
});
