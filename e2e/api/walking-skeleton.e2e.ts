import { expect, test } from '@playwright/test';
import OpenAI from 'openai';
import { loggedRequests, settledLoggedRequests, stack } from '../support/stack';

test('a chat completion through the gateway with the demo key is answered by the mock provider and logged', async () => {
  const { gatewayUrl, adminApiUrl, demoApiKey } = stack();
  const client = new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: demoApiKey, maxRetries: 0 });
  const before = await settledLoggedRequests(adminApiUrl);

  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Say hello to the walking skeleton' }],
  });

  expect(completion.object).toBe('chat.completion');
  expect(completion.choices[0]?.message.role).toBe('assistant');
  expect(completion.choices[0]?.message.content ?? '').not.toBe('');
  expect(completion.usage?.total_tokens ?? 0).toBeGreaterThan(0);

  await expect.poll(() => loggedRequests(adminApiUrl), { timeout: 10_000, message: 'request_logs count via the admin API' }).toBe(before + 1);
});

test('the gateway rejects a request without a valid key', async () => {
  const { gatewayUrl } = stack();
  const client = new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: 'sk-sluice-not-a-real-key-0000000000000', maxRetries: 0 });
  await expect(client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 401 });
});
