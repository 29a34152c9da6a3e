import { test } from '@playwright/test';
import OpenAI from 'openai';
import { expect, JOURNEY_TIMEOUT_MS, expectAccessible, signIn, snapshot, watchForProblems } from '../support/portal';
import { settledLoggedRequests, stack } from '../support/stack';

test.describe.configure({ timeout: JOURNEY_TIMEOUT_MS });

test('the portal dashboard shows the request count going up after a gateway call', async ({ page }, testInfo) => {
  const { gatewayUrl, adminApiUrl, demoApiKey } = stack();
  const problems = watchForProblems(page);

  await signIn(page, 'admin');
  const counter = page.getByTestId('requests-logged');
  const before = await settledLoggedRequests(adminApiUrl);
  await expect(counter).toHaveText(String(before), { timeout: 15_000 });

  const client = new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: demoApiKey, maxRetries: 0 });
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello from the portal test' }] });

  await expect.poll(async () => Number(await counter.textContent()), { timeout: 15_000, message: 'requests-logged on the portal home' }).toBe(before + 1);

  await expectAccessible(page, 'the dashboard');
  await snapshot(page, testInfo, 'portal-home');
  expect(problems, 'the page logged no console errors and every request succeeded').toEqual([]);
});
