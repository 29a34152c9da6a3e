import { test } from '@playwright/test';
import { chooseOrganization, expect, JOURNEY_TIMEOUT_MS, expectAccessible, signIn, signOut, snapshot, watchForProblems } from '../support/portal';
import { portalUser, stack } from '../support/stack';

test.describe.configure({ timeout: JOURNEY_TIMEOUT_MS });

test('an unauthenticated visit goes to sign-in and, after signing in, back to the page asked for', async ({ page }, testInfo) => {
  const { portalUrl } = stack();
  // The wrong password below is answered 401 on purpose.
  const problems = watchForProblems(page, [401]);

  await page.goto(`${portalUrl}/api-keys`);
  await expect(page).toHaveURL(`${portalUrl}/sign-in?returnTo=%2Fapi-keys`);
  await expect(page.getByRole('heading', { name: 'Sign in to Sluice' })).toBeVisible();
  await expectAccessible(page, 'the sign-in page');
  await chooseOrganization(page);
  await expect(page.getByText('Organization acme')).toBeVisible();
  await expectAccessible(page, 'the sign-in page for an organization');
  await snapshot(page, testInfo, 'sign-in');

  const { email } = portalUser('developer');
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel(/^Password/).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('That email and password do not match an account')).toBeVisible();

  await signIn(page, 'developer', '/api-keys');
  await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible();

  await signOut(page);
  await page.goto(`${portalUrl}/`);
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2F$/);
  expect(problems).toEqual([]);
});

test('a returnTo that points off the portal is ignored', async ({ page }) => {
  const { portalUrl } = stack();
  const problems = watchForProblems(page);
  const { email, password } = portalUser('viewer');
  await page.goto(`${portalUrl}/sign-in?returnTo=${encodeURIComponent('//evil.example/phish')}`);
  await chooseOrganization(page);
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${portalUrl}/`);
  expect(problems).toEqual([]);
});
