import { test } from '@playwright/test';
import { expect, expectAccessible, JOURNEY_TIMEOUT_MS, signIn, snapshot, watchForProblems } from '../support/portal';

test.describe.configure({ timeout: JOURNEY_TIMEOUT_MS });

test('playground: a developer chats with a model through the gateway and sees the streamed reply with tokens, cost and latency', async ({ page }, testInfo) => {
  const problems = watchForProblems(page);
  const messageBox = page.getByRole('textbox', { name: 'Message', exact: true });

  await signIn(page, 'developer', '/');
  await page.getByRole('link', { name: 'Playground' }).click();
  await page.waitForURL((url) => url.pathname === '/playground');
  await expect(page.getByRole('heading', { level: 1, name: 'Playground' })).toBeVisible();
  // The session key is minted for the developer's team; the page says which and offers the team's models.
  await expect(page.getByText(/Calls go through the gateway as team/)).toBeVisible();
  await page.getByLabel('Model').selectOption('gpt-4o-mini');
  await expectAccessible(page, 'the playground');

  await page.getByLabel('System prompt').fill('You answer in one sentence.');
  await page.getByLabel('Temperature').fill('0.3');
  await page.getByLabel('Max tokens').fill('200');
  await messageBox.fill('Hello from the playground journey [mock-output-tokens=40]');
  const answer = page.waitForResponse((res) => new URL(res.url()).pathname === '/playground/chat');
  await page.getByRole('button', { name: 'Send' }).click();

  // The portal relays the gateway's event stream, as the gateway served it.
  const res = await answer;
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/event-stream');
  expect(res.headers()['x-sluice-model']).toBe('gpt-4o-mini');

  const reply = page.getByRole('article', { name: 'Reply from gpt-4o-mini' });
  await expect(reply).toContainText('Mock reply to:');
  const stats = reply.getByLabel('Reply statistics');
  await expect(stats).toContainText(/Tokens\s*\d[\d,]* in · \d[\d,]* out/);
  await expect(stats).toContainText(/Cost\s*\$0\.\d+/);
  await expect(stats).toContainText(/Latency\s*\d/);
  await expect(messageBox).toHaveValue('');
  await expectAccessible(page, 'the playground with a reply');
  await snapshot(page, testInfo, 'playground-reply');

  // A second turn reuses the session key (no new key on the API keys page) and carries the conversation.
  await messageBox.fill('And a follow-up');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('article', { name: 'Reply from gpt-4o-mini' })).toHaveCount(2);
  await expect(page.getByRole('article', { name: 'Reply from gpt-4o-mini' }).nth(1).getByLabel('Reply statistics')).toContainText('Tokens');

  await page.getByRole('link', { name: 'API keys' }).click();
  await expect(page.getByRole('row', { name: /Playground session/ })).toHaveCount(1);

  expect(problems).toEqual([]);
});
