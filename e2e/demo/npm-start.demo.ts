import Anthropic from '@anthropic-ai/sdk';
import { test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import OpenAI from 'openai';
import { chooseOrganization, expect, expectAccessible, snapshot, watchForProblems } from '../support/portal';
import { deleteQueueKeys } from '../support/queue-keys';
import { publishStack } from '../support/stack';
import { DEMO_PGLITE_PORT, DEMO_PORTS, NpmStartProcess, ROOT } from './npm-start-process';

// The README's first command, as a user meets it: `npm start` on a state directory of its own (so its
// embedded PGlite, not the CI Postgres), the banner's snippets, the portal on top of PGlite, Ctrl-C, and a
// second start on the same data. One journey in order: each step needs the one before.
test.describe.configure({ mode: 'serial' });

const workDir = resolve(ROOT, 'test-results', 'demo-npm-start');
const stateDir = resolve(workDir, 'state');
const queuePrefix = `demo_${process.pid}_${Date.now().toString(36)}`;
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const urls = {
  portal: `http://127.0.0.1:${DEMO_PORTS.portal}`,
  gateway: `http://127.0.0.1:${DEMO_PORTS.gateway}`,
  adminApi: `http://127.0.0.1:${DEMO_PORTS.adminApi}`,
  worker: `http://127.0.0.1:${DEMO_PORTS.worker}`,
  mockProvider: `http://127.0.0.1:${DEMO_PORTS.mockProvider}`,
};
const auditPublicKey = resolve(stateDir, 'audit-signing.pub.pem');
/** A first start may build (nx restores from its cache after `npm test`'s build stage) and migrates a new PGlite. */
const START_TIMEOUT_MS = 420_000;

type Banner = { adminEmail: string; adminPassword: string; demoApiKey: string };

let npmStart: NpmStartProcess | null = null;
let banner: Banner;
/** The request id of the banner's openai snippet, looked up in the portal and after the restart. */
let snippetRequestId: string;
/** The audit export downloaded before the restart, verified again after it. */
let auditExport: { file: string; manifest: string };

/** The README's offline verifier on the downloaded export, with the public key npm start wrote; its output (exit 0 only). */
function verifyExport(): string {
  return execFileSync(process.execPath, [resolve(ROOT, 'libs/audit/dist/cli/verify-export.js'), auditExport.file, auditExport.manifest, auditPublicKey], { encoding: 'utf8' });
}

function readBanner(output: string): Banner {
  const login = /Admin login\s+(\S+) \/ (\S+)/.exec(output);
  const key = /Demo API key\s+(sk-\S+)/.exec(output);
  if (!login || !key) throw new Error(`the banner has no admin login or demo key:\n${output}`);
  return { adminEmail: login[1], adminPassword: login[2], demoApiKey: key[1] };
}

async function readiness(): Promise<Record<string, number>> {
  const entries = await Promise.all(Object.entries(urls).map(async ([name, base]) => [name, (await fetch(`${base}/health/ready`)).status] as const));
  return Object.fromEntries(entries);
}

/** The banner's admin login on the portal's sign-in page (break-glass form), landing on `path`. */
async function signInAsDemoAdmin(page: Page, path: string): Promise<void> {
  await page.goto(`${urls.portal}/sign-in?returnTo=${encodeURIComponent(path)}`);
  await chooseOrganization(page);
  await page.getByLabel(/^Email/).fill(banner.adminEmail);
  await page.getByLabel(/^Password/).fill(banner.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === path, { timeout: 30_000 });
}

async function adminSession(): Promise<string> {
  const login = await fetch(`${urls.adminApi}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: banner.adminEmail, password: banner.adminPassword }),
  });
  expect(login.status, await login.clone().text()).toBe(200);
  return login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

test.beforeAll(() => {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
});

test.afterAll(async () => {
  if (npmStart?.running) {
    await npmStart.stop('SIGTERM', 30_000).catch(() => npmStart?.kill());
  }
  await deleteQueueKeys(redisUrl, queuePrefix);
});

test('npm start refuses a port variable that is not a port before it installs, builds or starts anything', async () => {
  const bad = new NpmStartProcess({ stateDir, queuePrefix, redisUrl, logFile: resolve(workDir, 'npm-start.log'), env: { PORTAL_PORT: '23OOO' } });
  await bad.waitForOutput(/\[start\] stopped/, 30_000);
  expect(await bad.stop('SIGTERM', 10_000)).toEqual({ code: 1, signal: null });
  expect(bad.output()).toContain('[start] ERROR: PORTAL_PORT="23OOO" is not a port: use a whole number from 1 to 65535');
  expect(bad.output()).not.toContain('[start] build');
});

test('npm start on a fresh state directory starts PGlite and all five services and prints the banner', async () => {
  test.setTimeout(START_TIMEOUT_MS + 30_000);
  npmStart = new NpmStartProcess({ stateDir, queuePrefix, redisUrl, logFile: resolve(workDir, 'npm-start.log') });
  await npmStart.waitForOutput(/Sluice is running\. Ctrl-C stops everything\.[\s\S]*console\.log/, START_TIMEOUT_MS);
  const output = npmStart.output();

  expect(output).toContain(`embedded PGlite with pgvector on 127.0.0.1:${DEMO_PGLITE_PORT}`);
  expect(output).toContain('seeded the demo organisation');
  expect(output).toMatch(new RegExp(`Portal\\s+${urls.portal}\\n`));
  expect(output).toMatch(new RegExp(`Gateway\\s+${urls.gateway}/v1`));
  banner = readBanner(output);
  publishStack({ gatewayUrl: urls.gateway, adminApiUrl: urls.adminApi, portalUrl: urls.portal, mockProviderUrl: urls.mockProvider, demoApiKey: banner.demoApiKey });

  // The secrets are kept for the next start, readable by the owner only.
  const credentialsFile = resolve(stateDir, 'demo-credentials.json');
  expect(statSync(credentialsFile).mode & 0o777).toBe(0o600);
  expect(JSON.parse(readFileSync(credentialsFile, 'utf8'))).toMatchObject(banner);
  // So is the key that signs audit exports; the banner says where its public half is.
  expect(statSync(resolve(stateDir, 'audit-signing-key.pem')).mode & 0o777).toBe(0o600);
  expect(output).toContain(`verify-export.js <export file> <manifest.json> ${auditPublicKey}`);
  expect(await readiness()).toEqual({ portal: 200, gateway: 200, adminApi: 200, worker: 200, mockProvider: 200 });
});

test("the banner's curl and openai snippets work, and so does the Anthropic SDK", async () => {
  const curl = await fetch(`${urls.gateway}/v1/chat/completions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${banner.demoApiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] }),
  });
  expect(curl.status, await curl.clone().text()).toBe(200);
  expect(((await curl.json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content).toBe('Mock reply to: Hello');

  const client = new OpenAI({ baseURL: `${urls.gateway}/v1`, apiKey: banner.demoApiKey, maxRetries: 0 });
  const { data: res, response } = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello from the snippet' }] }).withResponse();
  expect(res.choices[0].message.content).toBe('Mock reply to: Hello from the snippet');
  snippetRequestId = response.headers.get('x-request-id') ?? '';
  expect(snippetRequestId).not.toBe('');

  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Stream it' }] });
  let streamed = '';
  for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? '';
  expect(streamed).toBe('Mock reply to: Stream it');

  const anthropic = new Anthropic({ baseURL: urls.gateway, apiKey: banner.demoApiKey, maxRetries: 0 });
  const message = await anthropic.messages.create({ model: 'claude-3-5-haiku', max_tokens: 100, messages: [{ role: 'user', content: 'Hello Claude' }] });
  expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'Mock reply to: Hello Claude' })]);
});

test('the admin signs in to the portal, finds the call in the request logs (usage written to PGlite) and sees when the key was last used; creates a key of their own', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const problems = watchForProblems(page);
  await signInAsDemoAdmin(page, '/request-logs');
  await expect(page.getByRole('heading', { level: 1, name: 'Request logs' })).toBeVisible();

  // Usage reaches request_logs through Redis and the worker's batches: seconds, not at once.
  const filter = page.getByRole('search', { name: 'Filter request logs' });
  await filter.getByLabel('Request ID').fill(snippetRequestId);
  await expect(async () => {
    await filter.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByRole('button', { name: `Details of request ${snippetRequestId}` })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await page.getByRole('button', { name: `Details of request ${snippetRequestId}` }).click();
  const detail = page.getByRole('dialog', { name: 'Request details' });
  await expect(detail).toContainText('gpt-4o-mini');
  await expect(detail).toContainText('success (HTTP 200)');
  await snapshot(page, testInfo, 'demo-request-log');
  await detail.getByRole('button', { name: 'Close' }).click();
  await expectAccessible(page, 'the request logs on the demo');

  // The key list says when the demo key was last used (the worker writes it every few seconds) and names its team.
  await page.getByRole('navigation').getByRole('link', { name: 'API keys' }).click();
  await page.waitForURL((url) => url.pathname === '/api-keys');
  const demoKey = page.getByRole('row', { name: /Demo key/ });
  await expect(async () => {
    await page.reload();
    await expect(demoKey.locator('time')).toHaveCount(2, { timeout: 2_000 }); // created and last used; "Never" is no <time>
  }).toPass({ timeout: 60_000 });
  await expect(demoKey.getByRole('cell').nth(1)).toHaveText('Platform');

  // The demo's admin is in no team, yet may create keys in any: the dialog offers the org's teams.
  await page.getByRole('button', { name: 'Create key' }).first().click();
  const create = page.getByRole('dialog', { name: 'Create an API key' });
  await create.getByLabel('Name').fill('demo-admin-key');
  await create.getByLabel(/^Team/).selectOption({ label: 'Platform' });
  await create.getByRole('button', { name: 'Create key' }).click();
  const reveal = page.getByRole('dialog', { name: 'Key “demo-admin-key” created' });
  const secret = (await reveal.getByTestId('api-key-secret').textContent()) ?? '';
  expect(secret).toMatch(/^sk-sluice-/);
  await reveal.getByRole('button', { name: 'I have stored the secret' }).click();
  const chat = () =>
    fetch(`${urls.gateway}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'from the new key' }] }),
    }).then((r) => r.status);
  await expect.poll(chat, { timeout: 30_000, message: 'the gateway accepts the key created in the portal' }).toBe(200);
  expect(problems).toEqual([]);
});

test('the audit trail names its actors and targets; an audit export and a usage report succeed on the embedded database', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const problems = watchForProblems(page);
  await signInAsDemoAdmin(page, '/audit');
  // Actors and targets are named, not only identified.
  await expect(page.getByRole('cell', { name: `Break-glass admin (${banner.adminEmail})` }).first()).toBeVisible();
  await expect(page.getByRole('cell', { name: 'demo-admin-key', exact: true })).toBeVisible(); // the key created above

  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByTestId('chain-verification')).toContainText('Verified: all');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const exported = page.getByTestId('audit-export').first();
  await expect(exported).toContainText('succeeded', { timeout: 90_000 });
  const [exportDownload] = await Promise.all([page.waitForEvent('download'), exported.getByRole('button', { name: 'Download file' }).click()]);
  const exportPath = testInfo.outputPath('demo-audit-export.csv');
  await exportDownload.saveAs(exportPath);
  // The admin's own sign-ins are in the trail.
  expect(await readFile(exportPath, 'utf8')).toContain('"auth.login_succeeded"');
  // A compliance officer verifies it offline, as the banner says: signature, file hash and the chain.
  const [manifestDownload] = await Promise.all([page.waitForEvent('download'), exported.getByRole('button', { name: 'Download manifest' }).click()]);
  auditExport = { file: exportPath, manifest: testInfo.outputPath('demo-audit-manifest.json') };
  await manifestDownload.saveAs(auditExport.manifest);
  expect(verifyExport()).toMatch(/^OK \d+ events of org .*database chain verified/);

  await page.getByRole('navigation').getByRole('link', { name: 'Usage reports' }).click();
  const today = new Date().toISOString().slice(0, 10);
  const form = page.getByRole('form', { name: 'New usage report' });
  await form.getByLabel('First day').fill(today);
  await form.getByLabel('Last day').fill(today);
  await form.getByLabel('Group by').selectOption('model');
  await form.getByRole('button', { name: 'Create report' }).click();
  const report = page.getByTestId('usage-report').first();
  await expect(report).toContainText('succeeded', { timeout: 90_000 });
  const [reportDownload] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: 'Download file' }).click()]);
  const reportPath = testInfo.outputPath('demo-usage-report.csv');
  await reportDownload.saveAs(reportPath);
  const csv = await readFile(reportPath, 'utf8');
  expect(csv).toContain('"gpt-4o-mini"');
  expect(csv).toContain('"claude-3-5-haiku"');
  await snapshot(page, testInfo, 'demo-usage-report');

  // Every service still answers: nothing is wedged behind the exports' transactions.
  expect(await readiness()).toEqual({ portal: 200, gateway: 200, adminApi: 200, worker: 200, mockProvider: 200 });
  expect(problems).toEqual([]);
});

test('Ctrl-C stops every service and the embedded database and frees every port', async () => {
  test.setTimeout(90_000);
  const exit = await npmStart!.stop('SIGINT', 60_000);
  expect(exit).toEqual({ code: 0, signal: null });
  expect(npmStart!.output()).toMatch(/\[start\] stopping \(SIGINT\)[\s\S]*\[start\] stopped/);
  const { tcpReachable } = (await import(resolve(ROOT, 'scripts', 'lib', 'net.mjs'))) as { tcpReachable: (host: string, port: number) => Promise<boolean> };
  for (const port of [...Object.values(DEMO_PORTS), DEMO_PGLITE_PORT]) expect(await tcpReachable('127.0.0.1', port), `port ${port} after Ctrl-C`).toBe(false);
});

test('npm start again keeps the demo data and shows the same credentials', async () => {
  test.setTimeout(START_TIMEOUT_MS + 60_000);
  npmStart = new NpmStartProcess({ stateDir, queuePrefix, redisUrl, logFile: resolve(workDir, 'npm-start.log') });
  await npmStart.waitForOutput(/Sluice is running\. Ctrl-C stops everything\.[\s\S]*console\.log/, START_TIMEOUT_MS);
  expect(npmStart.output()).toContain('demo already seeded: kept as it is');
  expect(readBanner(npmStart.output())).toEqual(banner);
  // The same signing key: an export made before the restart still verifies with the public key on disk.
  expect(verifyExport()).toMatch(/^OK /);

  const logs = await fetch(`${urls.adminApi}/api/v1/request-logs?requestId=${encodeURIComponent(snippetRequestId)}`, { headers: { cookie: await adminSession() } });
  expect(logs.status).toBe(200);
  expect(((await logs.json()) as { items: Array<{ requestId: string }> }).items.map((r) => r.requestId)).toEqual([snippetRequestId]);

  const client = new OpenAI({ baseURL: `${urls.gateway}/v1`, apiKey: banner.demoApiKey, maxRetries: 0 });
  const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello again' }] });
  expect(res.choices[0].message.content).toBe('Mock reply to: Hello again');

  expect(await npmStart.stop('SIGTERM', 60_000)).toEqual({ code: 0, signal: null });
});
