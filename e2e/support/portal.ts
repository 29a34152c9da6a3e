import AxeBuilder from '@axe-core/playwright';
import { expect as baseExpect, type Page, type TestInfo } from '@playwright/test';
import type { E2eRole } from './seed-users';
import { portalUser, stack } from './stack';

/**
 * Portal journeys run against the whole stack on a shared CI machine: a page can take seconds to
 * render when the machine is busy, so waits are generous (they end as soon as the condition holds).
 */
export const expect = baseExpect.configure({ timeout: 30_000 });
export const JOURNEY_TIMEOUT_MS = 300_000;

/**
 * Collects what must never happen on a portal page: console errors, uncaught exceptions, failed
 * requests and error answers from the portal's own origin. Assert with `expect(problems).toEqual([])`.
 * `allowStatus` lists answers a journey provokes on purpose (e.g. 401 on a wrong password).
 */
export function watchForProblems(page: Page, allowStatus: number[] = []): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // Chromium logs every non-2xx fetch as a console error; those are judged by status below.
    if (/^Failed to load resource: the server responded with a status of (\d+)/.exec(msg.text())) return;
    problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    // A navigation away aborts requests still in flight; that is not a failure of the page.
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${req.method()} ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && !allowStatus.includes(res.status())) problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  return problems;
}

/** Signs in through the sign-in page with the break-glass form and waits for the target page. */
export async function signIn(page: Page, role: E2eRole, returnTo = '/'): Promise<void> {
  const { portalUrl } = stack();
  const { email, password } = portalUser(role);
  await page.goto(`${portalUrl}/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  await chooseOrganization(page);
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === returnTo.split('?')[0], { timeout: 30_000 });
  await expect(page.getByTestId('signed-in-user')).toBeVisible();
}

/** The seeded demo organization: the sign-in page first asks which organization, then how to sign in. */
export const E2E_ORG_SLUG = 'acme';

export async function chooseOrganization(page: Page): Promise<void> {
  await page.getByRole('textbox', { name: 'Organization' }).fill(E2E_ORG_SLUG);
  await page.getByRole('button', { name: 'Continue' }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/sign-in', { timeout: 30_000 });
}

/** axe-core WCAG 2.x A/AA check: no serious or critical violations on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const blocking = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(blocking, `accessibility of ${what}`).toEqual([]);
}

/** A full-page screenshot attached to the test report. */
export async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
