import { test } from '@playwright/test';
import { expect, JOURNEY_TIMEOUT_MS, expectAccessible, signIn, snapshot, watchForProblems } from '../support/portal';
import { stack } from '../support/stack';

test.describe.configure({ timeout: JOURNEY_TIMEOUT_MS });

test('journey 4: a viewer cannot reach admin pages — the UI does not offer them and the API refuses', async ({ page }, testInfo) => {
  const { portalUrl } = stack();
  const problems = watchForProblems(page);
  await signIn(page, 'viewer');

  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'API keys' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Audit trail' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Teams' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Providers' })).toHaveCount(0);

  for (const [path, section] of [
    ['/teams', 'teams'],
    ['/settings/providers', 'providers'],
  ] as const) {
    await page.goto(`${portalUrl}${path}`);
    await expect(page.getByText(`You don’t have access to ${section}`)).toBeVisible();
  }

  await page.goto(`${portalUrl}/audit`);
  await expect(page.getByText('You don’t have access to audit trail')).toBeVisible();
  await expectAccessible(page, 'the access-denied page');
  await snapshot(page, testInfo, 'viewer-audit-denied');

  // A viewer reads keys but may not create them: no create button, and the API says 403.
  await page.goto(`${portalUrl}/api-keys`);
  await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible();
  // The page's create buttons by their names: /Create/ alone also matches the table's "Created" sort header.
  await expect(page.getByRole('button', { name: /^Create (key|your first key)$/ })).toHaveCount(0);
  await expect(page.getByText('No API keys yet')).toBeVisible();

  // The same session, straight at the API through the portal: every admin route is refused.
  const me = await (await page.request.get(`${portalUrl}/api/v1/auth/me`)).json();
  for (const path of ['/api/v1/audit/events', '/api/v1/audit/verify', '/api/v1/providers', '/api/v1/policies']) {
    const res = await page.request.get(`${portalUrl}${path}`);
    expect(res.status(), `GET ${path} as a viewer`).toBe(403);
  }
  const create = await page.request.post(`${portalUrl}/api/v1/api-keys`, {
    headers: { 'x-csrf-token': me.csrfToken, origin: portalUrl },
    data: { name: 'sneaky', teamId: '00000000-0000-4000-8000-000000000000' },
  });
  expect(create.status()).toBe(403);
  const approve = await page.request.post(`${portalUrl}/api/v1/model-access-requests/00000000-0000-4000-8000-000000000000/approve`, {
    headers: { 'x-csrf-token': me.csrfToken, origin: portalUrl },
    data: {},
  });
  expect(approve.status()).toBe(403);
  expect(problems).toEqual([]);
});
