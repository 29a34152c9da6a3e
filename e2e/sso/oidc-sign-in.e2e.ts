import { test } from '@playwright/test';
import { chooseOrganization, expect, expectAccessible, JOURNEY_TIMEOUT_MS, signOut, snapshot, watchForProblems } from '../support/portal';
import { E2E_SSO, ssoInfo } from '../support/sso';
import { stack } from '../support/stack';

test.describe.configure({ timeout: JOURNEY_TIMEOUT_MS });

/**
 * Single sign-on in Chromium through the real OpenID Provider (`oidc-provider`, its own login and consent
 * pages): the org's SSO button, the OP, back to the portal signed in as a user created just in time with
 * the membership the connection's group mapping grants.
 */
test('a new person signs in through the OIDC provider’s login page and lands in the portal with the mapped team membership', async ({ page }, testInfo) => {
  const { portalUrl } = stack();
  const { issuer, teamId } = ssoInfo();
  const problems = watchForProblems(page);
  const sam = E2E_SSO.accounts.sam;

  await page.goto(`${portalUrl}/api-keys`);
  await expect(page).toHaveURL(`${portalUrl}/sign-in?returnTo=%2Fapi-keys`);
  await chooseOrganization(page);
  const ssoButton = page.getByRole('link', { name: `Continue with ${E2E_SSO.connectionName}` });
  await expect(ssoButton).toBeVisible();
  await expectAccessible(page, 'the sign-in page with an SSO connection');
  await ssoButton.click();

  // The OP's own login page (another origin), reached through the admin API's authorization request.
  await page.waitForURL((url) => url.origin === issuer && url.pathname.startsWith('/interaction/'));
  await expect(page.getByPlaceholder('Enter any login')).toBeVisible();
  await snapshot(page, testInfo, 'oidc-provider-login');
  await page.getByPlaceholder('Enter any login').fill('sam');
  await page.getByPlaceholder('and password').fill('any password: the test OP checks none');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  // First sign-in of this account with this client: the OP asks for consent.
  await page.getByRole('button', { name: 'Continue' }).click();

  // Back in the portal, at the page asked for, signed in as the JIT-provisioned user.
  await page.waitForURL(`${portalUrl}/api-keys`);
  await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible();
  await expect(page.getByTestId('signed-in-user')).toHaveText(sam.name);
  await expect(page.getByTestId('signed-in-user').locator('xpath=following-sibling::span')).toHaveText('Developer');
  const me = await page.request.get(`${portalUrl}/api/v1/auth/me`);
  expect(me.status()).toBe(200);
  const body = (await me.json()) as { user: { email: string; displayName: string }; memberships: Array<{ teamId: string | null; role: string }> };
  expect(body.user).toMatchObject({ email: sam.email, displayName: sam.name });
  expect(body.memberships.map((m) => [m.teamId, m.role])).toEqual([[teamId, 'developer']]);
  await expectAccessible(page, 'the portal after SSO sign-in');
  await snapshot(page, testInfo, 'signed-in-via-sso');

  // Signing out ends the portal session only: the OP still knows Sam (its own session, consent given),
  // so the SSO button signs Sam straight back in without the OP's pages.
  await signOut(page);
  await chooseOrganization(page);
  await page.getByRole('link', { name: `Continue with ${E2E_SSO.connectionName}` }).click();
  await page.waitForURL(`${portalUrl}/`);
  await expect(page.getByTestId('signed-in-user')).toHaveText(sam.name);
  expect(problems).toEqual([]);
});

test('cancelling at the OIDC provider, or a forged callback, ends on the sign-in page with a clear message and no session', async ({ page }, testInfo) => {
  const { portalUrl } = stack();
  const { connectionId } = ssoInfo();
  const problems = watchForProblems(page);

  await page.goto(`${portalUrl}/sign-in?returnTo=%2Fapi-keys`);
  await chooseOrganization(page);
  await page.getByRole('link', { name: `Continue with ${E2E_SSO.connectionName}` }).click();
  await page.getByRole('link', { name: '[ Cancel ]' }).click();

  await page.waitForURL((url) => url.origin === portalUrl && url.pathname === '/sign-in');
  expect(new URL(page.url()).searchParams.get('ssoError')).toBe('idp_error');
  await expect(page.getByRole('alert').filter({ hasText: /Single sign-on was cancelled or refused at your identity provider/ })).toBeVisible();
  // The organization is remembered, so trying again is one click away.
  await expect(page.getByRole('textbox', { name: 'Organization' })).toHaveValue('acme');
  await expectAccessible(page, 'the sign-in page after a refused SSO sign-in');
  await snapshot(page, testInfo, 'sso-cancelled');
  expect((await page.request.get(`${portalUrl}/api/v1/auth/me`)).status()).toBe(401);

  // A callback with a state the admin API never issued (a forged or replayed link).
  await page.goto(`${portalUrl}/api/v1/auth/sso/oidc/${connectionId}/callback?code=forged&state=${'f'.repeat(43)}`);
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await expect(page.getByRole('alert').filter({ hasText: /That sign-in link has expired or was already used/ })).toBeVisible();
  expect((await page.request.get(`${portalUrl}/api/v1/auth/me`)).status()).toBe(401);
  expect(problems).toEqual([]);
});
