import AxeBuilder from '@axe-core/playwright';
import { expect as baseExpect, type Page, type TestInfo } from '@playwright/test';
import type { E2eRole } from './seed-users';
import { E2E_SSO, type E2eSsoAccount } from './sso';
import { portalUser, stack } from './stack';

/**
 * Portal journeys run against the whole stack on a shared CI machine: a page can take seconds to
 * render when the machine is busy, so waits are generous (they end as soon as the condition holds).
 */
export const expect = baseExpect.configure({ timeout: 30_000 });
export const JOURNEY_TIMEOUT_MS = 300_000;

/**
 * Collects what must never happen on a portal page: console errors, uncaught exceptions, failed
 * requests and error answers of portal pages and the portal's origin (an SSO identity provider's own
 * login pages, another origin, are not judged). Assert with `expect(problems).toEqual([])`.
 * `allowStatus` lists answers a journey provokes on purpose (e.g. 401 on a wrong password).
 */
export function watchForProblems(page: Page, allowStatus: number[] = []): string[] {
  const problems: string[] = [];
  const portalOrigin = new URL(stack().portalUrl).origin;
  // An identity provider's own pages (SSO sign-in) are not the portal's: what they load is not judged here.
  const onPortal = (url: string) => {
    try {
      return new URL(url).origin === portalOrigin;
    } catch {
      return true;
    }
  };
  page.on('console', (msg) => {
    if (msg.type() !== 'error' || !onPortal(page.url())) return;
    // Chromium logs every non-2xx fetch as a console error; those are judged by status below.
    if (/^Failed to load resource: the server responded with a status of (\d+)/.exec(msg.text())) return;
    problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => {
    if (onPortal(page.url())) problems.push(`page error: ${err.message}`);
  });
  page.on('requestfailed', (req) => {
    // A navigation away aborts requests still in flight; that is not a failure of the page.
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    if (!onPortal(req.frame().url()) && !onPortal(req.url())) return;
    problems.push(`request failed: ${req.method()} ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    if (!onPortal(res.request().frame().url()) && !onPortal(res.url())) return;
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

/**
 * Signs in through single sign-on: the organization's SSO button on the portal's sign-in page, then the
 * OpenID Provider's own login page (and its consent page the first time), back to `returnTo`.
 */
export async function signInViaSso(page: Page, account: E2eSsoAccount, returnTo = '/'): Promise<void> {
  const { portalUrl } = stack();
  await page.goto(`${portalUrl}/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  await chooseOrganization(page);
  await page.getByRole('link', { name: `Continue with ${E2E_SSO.connectionName}` }).click();
  await loginAtIdentityProvider(page, account);
  await page.waitForURL((url) => url.origin === portalUrl && url.pathname === returnTo.split('?')[0], { timeout: 30_000 });
  await expect(page.getByTestId('signed-in-user')).toHaveText(E2E_SSO.accounts[account].name);
}

/** The OP's login form (any password), then its consent form when it asks for one. */
export async function loginAtIdentityProvider(page: Page, account: E2eSsoAccount): Promise<void> {
  const { portalUrl } = stack();
  await page.getByPlaceholder('Enter any login').fill(account);
  await page.getByPlaceholder('and password').fill('any password: the test OP checks none');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  // Consent is asked once per account and client; after it (or without it) the OP redirects to the portal.
  const consent = page.getByRole('button', { name: 'Continue' });
  const backAtPortal = () => new URL(page.url()).origin === portalUrl;
  await expect.poll(async () => backAtPortal() || (await consent.isVisible()), { timeout: 30_000, message: 'the OP asks for consent or redirects back' }).toBe(true);
  if (!backAtPortal()) await consent.click();
}

/** The seeded demo organization: the sign-in page first asks which organization, then how to sign in. */
export const E2E_ORG_SLUG = 'acme';

export async function chooseOrganization(page: Page): Promise<void> {
  const field = page.getByRole('textbox', { name: 'Organization' });
  // The page fills in the last organization used once it has hydrated; a fill that lands in the middle
  // of that (Playwright selects, then inserts) reads "acmeacme". Fill until the field holds the slug.
  await expect(async () => {
    await field.fill(E2E_ORG_SLUG);
    await expect(field).toHaveValue(E2E_ORG_SLUG, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Continue' }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/sign-in', { timeout: 30_000 });
}

/** axe-core WCAG 2.x A/AA check: no serious or critical violations on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Next.js streams a page's metadata: right after a client-side navigation the <title> may not be in
  // the document yet. Wait for it (it must come), so axe judges the page as it settles.
  await expect(page, `title of ${what}`).toHaveTitle(/\S/);
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
