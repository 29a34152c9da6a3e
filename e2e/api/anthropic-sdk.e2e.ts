import Anthropic from '@anthropic-ai/sdk';
import { expect, test } from '@playwright/test';
import { stack } from '../support/stack';

// The official @anthropic-ai/sdk against the gateway's /v1/messages. claude-3-5-haiku goes to an
// Anthropic-type provider; gpt-4o-mini to an OpenAI-type one (Anthropic → OpenAI translation).
const MODELS = ['claude-3-5-haiku', 'gpt-4o-mini'] as const;

function client(): Anthropic {
  const { gatewayUrl, demoApiKey } = stack();
  return new Anthropic({ baseURL: gatewayUrl, apiKey: demoApiKey, maxRetries: 0 });
}

const weatherTool: Anthropic.Tool = { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

for (const model of MODELS) {
  test.describe(`messages served by ${model}`, () => {
    test('plain message with a system prompt', async () => {
      const message = await client().messages.create({ model, max_tokens: 200, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello Claude' }] });
      expect(message.type).toBe('message');
      expect(message.role).toBe('assistant');
      expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'Mock reply to: Hello Claude' })]);
      expect(message.stop_reason).toBe('end_turn');
      expect(message.usage.output_tokens).toBeGreaterThan(0);
    });

    test('tools: a tool_use block with structured input, and the tool result round trip', async () => {
      const first = await client().messages.create({ model, max_tokens: 200, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Paris?' }] });
      expect(first.stop_reason).toBe('tool_use');
      const toolUse = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
      expect(toolUse?.name).toBe('get_weather');
      expect(toolUse?.input).toHaveProperty('city');
      const second = await client().messages.create({
        model,
        max_tokens: 200,
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'Weather in Paris?' },
          { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse!.id, content: 'Sunny, 21°C' }] },
        ],
      });
      expect(second.content.some((b) => b.type === 'text' || b.type === 'tool_use')).toBe(true);
    });

    test('streaming emits Anthropic events and a final message with usage', async () => {
      const stream = client().messages.stream({ model, max_tokens: 200, messages: [{ role: 'user', content: 'Stream to me' }] });
      const types = new Set<string>();
      stream.on('streamEvent', (event) => void types.add(event.type));
      const final = await stream.finalMessage();
      expect(final.content).toEqual([expect.objectContaining({ type: 'text', text: 'Mock reply to: Stream to me' })]);
      expect(final.usage.output_tokens).toBeGreaterThan(0);
      expect([...types]).toEqual(expect.arrayContaining(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']));
    });
  });
}

test('count_tokens answers without calling a provider', async () => {
  const count = await client().messages.countTokens({ model: 'claude-3-5-haiku', system: 'You are terse.', messages: [{ role: 'user', content: 'How many tokens is this sentence?' }] });
  expect(count.input_tokens).toBeGreaterThan(5);
});

test.describe('error paths in Anthropic format', () => {
  test('unknown model → 404 not_found_error', async () => {
    await expect(client().messages.create({ model: 'no-such-model', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      status: 404,
      error: { type: 'error', error: { type: 'not_found_error' } },
    });
  });

  test('bad key → 401 authentication_error', async () => {
    const { gatewayUrl } = stack();
    const bad = new Anthropic({ baseURL: gatewayUrl, apiKey: 'sk-sluice-wrong-key-000000000000000000000', maxRetries: 0 });
    await expect(bad.messages.create({ model: 'claude-3-5-haiku', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      status: 401,
      error: { type: 'error', error: { type: 'authentication_error' } },
    });
  });

  test('invalid body (missing max_tokens) → 400 invalid_request_error', async () => {
    const { gatewayUrl, demoApiKey } = stack();
    const res = await fetch(`${gatewayUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': demoApiKey, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-3-5-haiku', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('max_tokens') } });
  });
});
