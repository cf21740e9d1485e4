import { defineConfig } from '@playwright/test';

/**
 * Browser suites: Debian's Chromium (never a Playwright download), at most 2 workers (CI machines have 2 cores).
 * Reports: the list on the console and test-results/playwright.json (summed by .ci/run). Screenshots of every page
 * state: test-results/screenshots/*.png. Failure artifacts (screenshot, trace): test-results/artifacts/.
 */
export default defineConfig({
  testDir: './tests',
  outputDir: './test-results/artifacts',
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Generous limits cost nothing when tests pass (every wait ends as soon as its condition holds) and keep a loaded
  // CI machine, where turbo runs the vitest suites alongside, from turning slowness into failures.
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    screenshot: 'only-on-failure',
    // Traces cost ~20% of the run; PLAYWRIGHT_TRACE=1 keeps one for each failing test in test-results/artifacts/.
    trace: process.env.PLAYWRIGHT_TRACE ? 'retain-on-failure' : 'off',
    actionTimeout: 10_000,
    navigationTimeout: 10_000,
  },
});
