import { readFileSync } from 'node:fs';
import { request, test } from '@playwright/test';
import { expect, expectAccessible, JOURNEY_TIMEOUT_MS, signIn, snapshot, watchForProblems } from '../support/portal';
import { portalUser, stack } from '../support/stack';

test.describe.configure({ timeout: JOURNEY_TIMEOUT_MS });

const SLACK_PATH = '/services/T0E2E/B0E2E/e2eslacktokenabcdefghij';

/** As the seeded admin, straight at the API through the portal: a Slack webhook and a service account with a token for the auditor to find. */
async function seedAsAdmin(suffix: string): Promise<void> {
  const { portalUrl } = stack();
  const admin = await request.newContext({ baseURL: portalUrl });
  try {
    const login = await admin.post('/api/v1/auth/login', { data: portalUser('admin') });
    expect(login.status(), 'admin login').toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const post = async (path: string, data: unknown) => {
      const res = await admin.post(path, { data, headers: { 'x-csrf-token': csrfToken } });
      expect(res.status(), `POST ${path}`).toBe(201);
      return (await res.json()) as { id: string };
    };
    await post('/api/v1/webhooks', { name: `Slack ${suffix}`, url: `https://hooks.slack.com${SLACK_PATH}`, kind: 'slack', eventKinds: ['budget_threshold'] });
    const account = await post('/api/v1/service-accounts', { name: `ci-${suffix}`, description: 'Deploy pipeline', role: 'admin' });
    await post(`/api/v1/service-accounts/${account.id}/tokens`, { name: 'GitHub Actions' });
  } finally {
    await admin.dispose();
  }
}

test('an auditor reviews users, teams, service accounts, webhooks and the config export without being offered a single change', async ({ page }, testInfo) => {
  const { portalUrl } = stack();
  const suffix = Date.now().toString(36);
  await seedAsAdmin(suffix);
  const problems = watchForProblems(page);
  await signIn(page, 'auditor', '/settings/users');

  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const label of ['Teams', 'Users', 'Service accounts', 'Webhooks & alerts', 'Config import/export']) await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
  for (const label of ['SSO', 'SCIM provisioning']) await expect(nav.getByRole('link', { name: label, exact: true })).toHaveCount(0);

  // Users: everyone with their roles, no way to add, edit or deactivate.
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  const developer = portalUser('developer');
  await expect(page.getByRole('row', { name: new RegExp(developer.email) })).toContainText('(Developer)');
  // The e2e users sign in with a local password; the admin API says so per user.
  await expect(page.getByRole('row', { name: new RegExp(developer.email) })).toContainText('Local password (break-glass)');
  await expect(page.getByRole('row', { name: new RegExp(portalUser('auditor').email) })).toContainText('Auditor');
  await expect(page.getByRole('button', { name: /^(Add user|Edit|Deactivate)/ })).toHaveCount(0);
  await expectAccessible(page, 'the users page as an auditor');
  await snapshot(page, testInfo, 'auditor-users');

  // Teams: every team of the org, none to create.
  await nav.getByRole('link', { name: 'Teams', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Teams' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Teams' }).getByRole('link').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create team' })).toHaveCount(0);

  // Service accounts: the account and its token's prefix and status; nothing to create, disable, issue or revoke.
  await nav.getByRole('link', { name: 'Service accounts' }).click();
  const account = page.getByRole('row', { name: new RegExp(`ci-${suffix}`) });
  await expect(account).toContainText('Admin');
  await expect(page.getByRole('button', { name: /^(Create service account|Disable|Enable)/ })).toHaveCount(0);
  await account.getByRole('button', { name: `Tokens of ci-${suffix}` }).click();
  const tokens = page.getByRole('dialog', { name: `Tokens of ci-${suffix}` });
  await expect(tokens.getByRole('row', { name: /GitHub Actions/ })).toContainText('Active');
  await expect(tokens.getByRole('button', { name: /Revoke|Issue token/ })).toHaveCount(0);
  await expectAccessible(page, 'the service account tokens dialog as an auditor');
  await tokens.getByRole('button', { name: 'Close' }).click();

  // Webhooks: where alerts go (the admin API gives an auditor the Slack URL without its secret path), the delivery log and the dead letters; no changes.
  await nav.getByRole('link', { name: 'Webhooks & alerts' }).click();
  const hook = page.getByRole('row', { name: new RegExp(`Slack ${suffix}`) });
  await expect(hook).toContainText('https://hooks.slack.com/…');
  await expect(hook).not.toContainText(SLACK_PATH);
  await expect(page.getByRole('heading', { name: 'Dead letters' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^(Add webhook|Send a test|Edit|Delete|Retry|Discard)/ })).toHaveCount(0);
  await hook.getByRole('button', { name: `Deliveries to Slack ${suffix}` }).click();
  const deliveries = page.getByRole('dialog', { name: `Deliveries to Slack ${suffix}` });
  await expect(deliveries.getByText('Nothing delivered yet')).toBeVisible();
  await deliveries.getByRole('button', { name: 'Close' }).click();
  await expectAccessible(page, 'the webhooks page as an auditor');
  await snapshot(page, testInfo, 'auditor-webhooks');

  // Config: the YAML downloads and holds no secret (credentials are ${ENV} placeholders); no import.
  await nav.getByRole('link', { name: 'Config import/export' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Config import/export' })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download YAML' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^sluice-config-.*\.yaml$/);
  const yaml = readFileSync(await download.path(), 'utf8');
  expect(yaml).toMatch(/^providers:/m);
  const apiKeys = [...yaml.matchAll(/^\s*api_key:\s*(.*)$/gm)].map((m) => m[1]);
  expect(apiKeys.length).toBeGreaterThan(0);
  for (const value of apiKeys) expect(value).toMatch(/^\$\{[A-Z0-9_]+\}$/);
  await expect(page.getByRole('button', { name: /Preview changes|Apply/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Show the current config' }).click();
  await expect(page.getByTestId('config-yaml')).toContainText('providers:');
  await expectAccessible(page, 'the config page as an auditor');
  await snapshot(page, testInfo, 'auditor-config');
  expect(problems).toEqual([]);

  // What the pages leave out, the admin API refuses to the same session.
  const me = (await (await page.request.get(`${portalUrl}/api/v1/auth/me`)).json()) as { csrfToken: string };
  expect(await (await page.request.get(`${portalUrl}/api/v1/webhooks`)).text()).not.toContain(SLACK_PATH);
  const headers = { 'x-csrf-token': me.csrfToken, origin: portalUrl };
  expect((await page.request.post(`${portalUrl}/api/v1/dead-letters/alerts-dead:any/retry`, { headers, data: {} })).status()).toBe(403);
  expect((await page.request.post(`${portalUrl}/api/v1/webhooks`, { headers, data: { name: 'sneaky', url: 'https://example.com/x', kind: 'generic' } })).status()).toBe(403);
  expect((await page.request.post(`${portalUrl}/api/v1/config/import/preview`, { headers, data: { yaml } })).status()).toBe(403);
});
