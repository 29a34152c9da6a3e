import { readFile } from 'node:fs/promises';
import { test } from '@playwright/test';
import { verifyAuditExport } from '@sluice/audit';
import OpenAI from 'openai';
import { expect, JOURNEY_TIMEOUT_MS, expectAccessible, signIn, signInViaSso, signOut, snapshot, watchForProblems } from '../support/portal';
import { auditPublicKeyPem, settledLoggedRequests, stack } from '../support/stack';

test.describe.configure({ timeout: JOURNEY_TIMEOUT_MS });

/** Gateways pick up key changes within a second; poll the call until the new state shows. */
async function chatWith(apiKey: string): Promise<number> {
  const client = new OpenAI({ baseURL: `${stack().gatewayUrl}/v1`, apiKey, maxRetries: 0 });
  try {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello from the key journey' }] });
    return 200;
  } catch (err) {
    return err instanceof OpenAI.APIError && err.status ? err.status : 0;
  }
}

test('journeys 2 and 3: a developer signs in via SSO, creates a key, calls the gateway and sees it on the dashboard; an auditor finds the key in the audit trail, verifies the chain, exports the trail and verifies the export offline', async ({ page }, testInfo) => {
  const { adminApiUrl } = stack();
  const problems = watchForProblems(page);
  const keyName = `journey-key-${Date.now().toString(36)}`;

  // Developer: signs in via SSO (the OIDC provider's login page; the account is provisioned on first
  // sign-in and put on the demo team by the connection's group mapping), then creates a key in the
  // portal; the secret is shown once with snippets.
  await signInViaSso(page, 'dana', '/api-keys');
  await expectAccessible(page, 'the API keys page');
  await page.getByRole('button', { name: 'Create key' }).first().click();
  const create = page.getByRole('dialog', { name: 'Create an API key' });
  await create.getByLabel('Name').fill(keyName);
  await create.getByLabel('Allowed models').fill('gpt-4o-mini');
  await expectAccessible(page, 'the create-key dialog');
  await create.getByRole('button', { name: 'Create key' }).click();

  const reveal = page.getByRole('dialog', { name: `Key “${keyName}” created` });
  const secret = (await reveal.getByTestId('api-key-secret').textContent()) ?? '';
  expect(secret).toMatch(/^sk-sluice-/);
  await expect(reveal.getByRole('tabpanel')).toContainText(`Authorization: Bearer ${secret}`);
  await reveal.getByRole('tab', { name: 'Python' }).click();
  await expect(reveal.getByRole('tabpanel')).toContainText('from openai import OpenAI');
  await expectAccessible(page, 'the secret dialog');
  await snapshot(page, testInfo, 'key-created');
  await reveal.getByRole('button', { name: 'I have stored the secret' }).click();
  const row = page.getByRole('row', { name: new RegExp(keyName) });
  await expect(row.getByText('Active')).toBeVisible();

  // The key works against the gateway with the openai SDK, and the dashboard counts the call.
  const before = await settledLoggedRequests(adminApiUrl);
  await expect.poll(() => chatWith(secret), { timeout: 30_000, message: 'the new key is accepted by the gateway' }).toBe(200);
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect.poll(async () => Number(await page.getByTestId('requests-logged').textContent()), { timeout: 30_000 }).toBeGreaterThan(before);
  // The developer's usage analytics (their own keys only) count the call once the worker has rolled it up.
  await expect
    .poll(
      async () => {
        await page.reload();
        return Number((await page.getByTestId('total-requests').textContent())?.replace(/\D/g, ''));
      },
      { timeout: 60_000, message: 'the dashboard total for the last 24 hours' },
    )
    .toBeGreaterThanOrEqual(1);
  await expectAccessible(page, 'the dashboard with data');
  await snapshot(page, testInfo, 'developer-dashboard');

  // Rotate: a new secret, the old one stops working.
  await page.getByRole('link', { name: 'API keys' }).click();
  await page.getByRole('button', { name: `Rotate ${keyName}` }).click();
  await page.getByRole('dialog', { name: `Rotate “${keyName}”?` }).getByRole('button', { name: 'Rotate key' }).click();
  const rotated = page.getByRole('dialog', { name: `New secret for “${keyName}”` });
  const newSecret = (await rotated.getByTestId('api-key-secret').textContent()) ?? '';
  expect(newSecret).not.toBe(secret);
  await rotated.getByRole('button', { name: 'I have stored the secret' }).click();
  await expect.poll(() => chatWith(secret), { timeout: 30_000, message: 'the old secret is refused after rotation' }).toBe(401);
  await expect.poll(() => chatWith(newSecret), { timeout: 30_000 }).toBe(200);

  // Revoke with confirmation.
  await page.getByRole('button', { name: `Revoke ${keyName}` }).click();
  const confirm = page.getByRole('dialog', { name: `Revoke “${keyName}”?` });
  await expectAccessible(page, 'the revoke confirmation');
  await confirm.getByRole('button', { name: 'Revoke key' }).click();
  await expect(page.getByRole('status')).toContainText(`Key “${keyName}” is revoked`);
  await expect(row.getByText('Revoked')).toBeVisible();
  await expect.poll(() => chatWith(newSecret), { timeout: 30_000, message: 'a revoked key is refused' }).toBe(401);
  await snapshot(page, testInfo, 'key-revoked');
  await signOut(page);

  // Auditor: the key's creation is in the trail, with its after-image; the chain verifies.
  await signIn(page, 'auditor', '/audit');
  await page.getByLabel('Action').fill('api_key.created');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/audit\?action=api_key.created$/);
  await page.getByRole('button', { name: /: api_key.created$/ }).first().click();
  const detail = page.getByRole('dialog', { name: 'api_key.created' });
  await expect(detail.getByRole('row', { name: new RegExp(`^name .*${keyName}`) })).toBeVisible();
  await expectAccessible(page, 'the audit event detail');
  await snapshot(page, testInfo, 'audit-event');
  await detail.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByTestId('chain-verification')).toContainText('Verified: all');

  // Export the filtered trail, download file and manifest, and verify them offline like an external auditor.
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const exported = page.getByTestId('audit-export').first();
  await expect(exported).toContainText('succeeded', { timeout: 90_000 });
  const [fileDownload] = await Promise.all([page.waitForEvent('download'), exported.getByRole('button', { name: 'Download file' }).click()]);
  const [manifestDownload] = await Promise.all([page.waitForEvent('download'), exported.getByRole('button', { name: 'Download manifest' }).click()]);
  const filePath = testInfo.outputPath('audit-export.csv');
  await fileDownload.saveAs(filePath);
  const manifestPath = testInfo.outputPath('audit-export.manifest.json');
  await manifestDownload.saveAs(manifestPath);
  const verification = await verifyAuditExport({ file: filePath, manifest: JSON.parse(await readFile(manifestPath, 'utf8')), publicKeyPem: auditPublicKeyPem() });
  expect(verification).toMatchObject({ ok: true });
  expect(await readFile(filePath, 'utf8')).toContain(keyName);
  await expectAccessible(page, 'the audit trail');
  await snapshot(page, testInfo, 'audit-trail');
  expect(problems).toEqual([]);
});
