import { test } from '@playwright/test';
import { expect, expectAccessible, JOURNEY_TIMEOUT_MS, signIn, snapshot, watchForProblems } from '../support/portal';
import { portalUser, stack } from '../support/stack';

test.describe.configure({ timeout: JOURNEY_TIMEOUT_MS });

test('an admin configures SSO, SCIM, webhooks, service accounts and users, and round-trips the config through export and preview', async ({ page }, testInfo) => {
  const { portalUrl } = stack();
  const problems = watchForProblems(page);
  const suffix = Date.now().toString(36);
  await signIn(page, 'admin', '/settings/sso');

  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const label of ['Users', 'Service accounts', 'SSO', 'SCIM provisioning', 'Webhooks & alerts', 'Config import/export']) {
    await expect(nav.getByRole('link', { name: label })).toBeVisible();
  }

  // SSO: list, then a new OIDC connection with its redirect URI and a group mapping.
  await expect(page.getByRole('heading', { level: 1, name: 'SSO connections' })).toBeVisible();
  await expectAccessible(page, 'the SSO connections page');
  await page.getByRole('link', { name: 'Add connection' }).click();
  const create = page.getByRole('form', { name: 'New SSO connection' });
  await create.getByLabel(/^Name/).fill(`Okta ${suffix}`);
  await create.getByLabel(/^Issuer URL/).fill('https://acme.okta.example');
  await create.getByLabel(/^Client ID/).fill('sluice-e2e');
  await create.getByLabel(/^Client secret/).fill('e2e-client-secret');
  await expectAccessible(page, 'the new SSO connection form');
  await create.getByRole('button', { name: 'Create connection' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Okta ${suffix}` })).toBeVisible();
  await expect(page.getByText(/\/api\/v1\/auth\/sso\/oidc\/[0-9a-f-]+\/callback/)).toBeVisible();
  await expect(page.getByLabel('Replace client secret')).toHaveValue('');
  const mapping = page.getByRole('form', { name: 'Add a group mapping' });
  await mapping.getByLabel(/^IdP group/).fill('sluice-auditors');
  await mapping.getByLabel('Org role').selectOption('auditor');
  await mapping.getByRole('button', { name: 'Add mapping' }).click();
  await expect(page.getByRole('row', { name: /sluice-auditors/ })).toContainText('Auditor');
  // "Test connection" is offered exactly when the admin API documents its routes.
  const openApi = (await (await page.request.get(`${portalUrl}/api/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  const testable = Boolean(openApi.paths['/api/v1/sso/connections/{id}/test']?.post && openApi.paths['/api/v1/sso/connections/{id}/test/{testId}']?.get);
  await expect(page.getByRole('button', { name: 'Test connection' })).toHaveCount(testable ? 1 : 0);
  await expectAccessible(page, 'the SSO connection page');
  await snapshot(page, testInfo, 'sso-connection');

  // SCIM: a token, shown once with the base URL, then listed as active.
  await nav.getByRole('link', { name: 'SCIM provisioning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'SCIM provisioning' })).toBeVisible();
  await expect(page.getByTestId('scim-base-url')).toHaveText(`${portalUrl}/scim/v2`);
  await expectAccessible(page, 'the SCIM page');
  const scimForm = page.getByRole('form', { name: 'Create a SCIM token' });
  await scimForm.getByLabel(/^Name/).fill(`E2E IdP ${suffix}`);
  await scimForm.getByRole('button', { name: 'Create token' }).click();
  const scimDialog = page.getByRole('dialog', { name: `SCIM token “E2E IdP ${suffix}” created` });
  await expect(scimDialog.getByTestId('one-time-secret')).not.toBeEmpty();
  await expectAccessible(page, 'the SCIM token secret dialog');
  await scimDialog.getByRole('button', { name: 'I have stored it' }).click();
  await expect(page.getByRole('row', { name: new RegExp(`E2E IdP ${suffix}`) })).toContainText('Active');

  // Webhooks: a signed generic webhook for budget alerts; its secret is shown once.
  await nav.getByRole('link', { name: 'Webhooks & alerts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Webhooks & alerts' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Dead letters' })).toBeVisible();
  await expectAccessible(page, 'the webhooks page');
  await page.getByRole('button', { name: 'Add webhook' }).click();
  const hook = page.getByRole('form', { name: 'Add a webhook' });
  await hook.getByLabel(/^Name/).fill(`On-call ${suffix}`);
  await hook.getByLabel(/^URL/).fill('https://hooks.example.com/sluice-e2e');
  await hook.getByRole('checkbox', { name: 'Budget threshold reached' }).check();
  await expectAccessible(page, 'the webhook form');
  await hook.getByRole('button', { name: 'Add webhook' }).click();
  const secretDialog = page.getByRole('dialog', { name: `Signing secret for “On-call ${suffix}”` });
  await expect(secretDialog.getByTestId('one-time-secret')).toHaveText(/^[0-9a-f]{64}$/);
  await secretDialog.getByRole('button', { name: 'I have stored it' }).click();
  const hookRow = page.getByRole('row', { name: new RegExp(`On-call ${suffix}`) });
  await expect(hookRow).toContainText('Budget threshold reached');
  await expect(hookRow).toContainText('Enabled');
  await snapshot(page, testInfo, 'webhooks');
  // The dark theme (the default "System" setting follows the browser) passes the same check.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page, 'the webhooks page in the dark theme');
  await snapshot(page, testInfo, 'webhooks-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Config: download the YAML, load it into the editor, preview: exporting and importing the same config changes nothing.
  await nav.getByRole('link', { name: 'Config import/export' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Config import/export' })).toBeVisible();
  await expectAccessible(page, 'the config page');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download YAML' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^sluice-config-.*\.yaml$/);
  await page.getByRole('button', { name: 'Edit the current config below' }).click();
  await expect(page.getByLabel('Config YAML')).toHaveValue(/providers:/);
  await page.getByRole('button', { name: 'Preview changes' }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview).toContainText(/Preview against config version \d+: 0 added, 0 changed, 0 removed/);
  await expect(preview).toContainText('Nothing would change');
  await expect(preview.getByRole('button', { name: 'Apply these changes' })).toBeDisabled();
  await expectAccessible(page, 'the config preview');
  await snapshot(page, testInfo, 'config-preview');

  // Service accounts: create one; its token is issued and shown once.
  await nav.getByRole('link', { name: 'Service accounts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Service accounts' })).toBeVisible();
  await expectAccessible(page, 'the service accounts page');
  await page.getByRole('button', { name: 'Create service account' }).click();
  const account = page.getByRole('form', { name: 'Create a service account' });
  await account.getByLabel(/^Name/).fill(`ci-${suffix}`);
  await account.getByLabel('Role').selectOption('auditor');
  await account.getByRole('button', { name: 'Create service account' }).click();
  const tokens = page.getByRole('dialog', { name: `Tokens of ci-${suffix}` });
  await tokens.getByLabel(/^Token name/).fill('GitHub Actions');
  await tokens.getByRole('button', { name: 'Issue token' }).click();
  await expect(tokens.getByTestId('one-time-secret')).not.toBeEmpty();
  await expect(tokens.getByRole('row', { name: /GitHub Actions/ })).toContainText('Active');
  await expectAccessible(page, 'the service account tokens dialog');
  await tokens.getByRole('button', { name: 'Close' }).click();

  // Users: search the org's people.
  await nav.getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  const developer = portalUser('developer');
  await page.getByLabel('Name or email').fill(developer.email);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('row', { name: new RegExp(developer.email) })).toBeVisible();
  await page.getByRole('button', { name: 'Add user' }).click();
  const invite = page.getByRole('form', { name: 'Add a user' });
  await invite.getByLabel(/^Email/).fill(`grace-${suffix}@e2e.sluice.test`);
  await invite.getByLabel(/^Name/).fill('Grace Hopper');
  await invite.getByLabel('Org-wide role').selectOption('auditor');
  await expectAccessible(page, 'the add-user form');
  await invite.getByRole('button', { name: 'Add user' }).click();
  await page.getByLabel('Name or email').fill(`grace-${suffix}`);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('row', { name: new RegExp(`grace-${suffix}`) })).toContainText('Auditor');
  await expectAccessible(page, 'the users page');
  await snapshot(page, testInfo, 'users');

  expect(problems).toEqual([]);
});

test('a developer is offered none of the admin settings: the pages deny and so does the API', async ({ page }, testInfo) => {
  const { portalUrl } = stack();
  const problems = watchForProblems(page, [403]);
  await signIn(page, 'developer');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'API keys' })).toBeVisible();
  for (const label of ['Users', 'Service accounts', 'SSO', 'SCIM provisioning', 'Webhooks & alerts', 'Config import/export']) {
    await expect(nav.getByRole('link', { name: label, exact: true })).toHaveCount(0);
  }
  for (const [path, page_] of [
    ['/settings/sso', 'SSO connections'],
    ['/settings/sso/new', 'SSO connections'],
    ['/settings/scim', 'SCIM provisioning'],
    ['/settings/webhooks', 'Webhooks & alerts'],
    ['/settings/config', 'Config import/export'],
    ['/settings/service-accounts', 'Service accounts'],
    ['/settings/users', 'Users'],
  ] as const) {
    await page.goto(`${portalUrl}${path}`);
    await expect(page.getByText(`You don’t have access to ${page_.toLowerCase()}`)).toBeVisible();
  }
  await expectAccessible(page, 'the access-denied page');
  await snapshot(page, testInfo, 'developer-settings-denied');

  const me = (await (await page.request.get(`${portalUrl}/api/v1/auth/me`)).json()) as { csrfToken: string };
  for (const path of ['/api/v1/sso/connections', '/api/v1/scim/tokens', '/api/v1/webhooks', '/api/v1/dead-letters', '/api/v1/config/export', '/api/v1/service-accounts']) {
    expect((await page.request.get(`${portalUrl}${path}`)).status(), `GET ${path}`).toBe(403);
  }
  const created = await page.request.post(`${portalUrl}/api/v1/scim/tokens`, { data: { name: 'sneaky' }, headers: { 'x-csrf-token': me.csrfToken } });
  expect(created.status()).toBe(403);
  expect(problems).toEqual([]);
});
