import { expect, test } from '@playwright/test';
import OpenAI from 'openai';
import { settledLoggedRequests, stack } from '../support/stack';

test('the portal home page shows the request count going up after a gateway call', async ({ page }, testInfo) => {
  const { portalUrl, gatewayUrl, adminApiUrl, demoApiKey } = stack();
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.method()} ${req.url()} (${req.failure()?.errorText})`));

  await page.goto(portalUrl);
  const counter = page.getByTestId('requests-logged');
  const before = await settledLoggedRequests(adminApiUrl);
  await expect(counter).toHaveText(String(before), { timeout: 15_000 });

  const client = new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: demoApiKey, maxRetries: 0 });
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello from the portal test' }] });

  await expect.poll(async () => Number(await counter.textContent()), { timeout: 15_000, message: 'requests-logged on the portal home' }).toBe(before + 1);

  await page.screenshot({ path: testInfo.outputPath('portal-home.png'), fullPage: true });
  await testInfo.attach('portal-home', { path: testInfo.outputPath('portal-home.png'), contentType: 'image/png' });
  expect(problems, 'the page logged no console errors and every request succeeded').toEqual([]);
});
