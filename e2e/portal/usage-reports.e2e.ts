import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { test } from '@playwright/test';
import { verifyJsonDocumentSignature } from '@sluice/audit';
import { expect, expectAccessible, JOURNEY_TIMEOUT_MS, signIn, snapshot, watchForProblems } from '../support/portal';
import { auditPublicKeyPem } from '../support/stack';

test.describe.configure({ timeout: JOURNEY_TIMEOUT_MS });

test('an auditor creates a chargeback report for today by model, watches it finish, and downloads the CSV with its signed manifest', async ({ page }, testInfo) => {
  const problems = watchForProblems(page);
  await signIn(page, 'auditor', '/');
  await page.getByRole('navigation').getByRole('link', { name: 'Usage reports' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Usage reports' })).toBeVisible();
  await expectAccessible(page, 'the usage reports page');

  const today = new Date().toISOString().slice(0, 10);
  const form = page.getByRole('form', { name: 'New usage report' });
  await form.getByLabel('First day').fill(today);
  await form.getByLabel('Last day').fill(today);
  await form.getByLabel('Group by').selectOption('model');
  await form.getByLabel('Rows').selectOption('day');
  await form.getByRole('button', { name: 'Create report' }).click();

  const report = page.getByTestId('usage-report').first();
  await expect(report).toContainText(`${today} to ${today} by model, per day`);
  await expect(report).toContainText('succeeded', { timeout: 90_000 });
  const [fileDownload] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: 'Download file' }).click()]);
  const [manifestDownload] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: 'Download manifest' }).click()]);
  const filePath = testInfo.outputPath('usage-report.csv');
  const manifestPath = testInfo.outputPath('usage-report.manifest.json');
  await fileDownload.saveAs(filePath);
  await manifestDownload.saveAs(manifestPath);

  const csv = await readFile(filePath);
  const header = ['period_start', 'period_end', 'team_id', 'team_name', 'model', 'requests', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'cost_usd'];
  expect(csv.toString('utf8').split(/\r?\n/)[0]).toBe(header.map((column) => `"${column}"`).join(','));
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
  expect(manifest).toMatchObject({ kind: 'usage_report', fileSha256: createHash('sha256').update(csv).digest('hex') });
  expect(verifyJsonDocumentSignature(manifest, auditPublicKeyPem())).toBe(true);

  await expectAccessible(page, 'the usage reports page with a report');
  await snapshot(page, testInfo, 'usage-reports');
  expect(problems).toEqual([]);
});
