import { anthropicMessagesRequestSchema, type OpenAiChatRequest, type ProviderType } from '@sluice/contracts';
import { anthropicToCanonicalRequest } from '../formats/anthropic-messages/anthropic-request.to-canonical';
import { providerAdapter } from '../registry';
import { targetFor } from '../testing/targets';
import { isOpenAiReasoningModel, withClaudeFeaturesForOpenAiWire } from './claude-features';

async function upstreamBody(type: ProviderType, request: OpenAiChatRequest, upstreamModel = 'o4-mini'): Promise<Record<string, unknown>> {
  const built = await providerAdapter(type).chat.buildRequest(targetFor(type, { upstreamModel }), request);
  return JSON.parse(built.body) as Record<string, unknown>;
}

function anthropicClient(extra: object): OpenAiChatRequest {
  return anthropicToCanonicalRequest(anthropicMessagesRequestSchema.parse({ model: 'm', max_tokens: 8000, messages: [{ role: 'user', content: 'Why is the sky blue?' }], ...extra }));
}

describe('an Anthropic client thinking on an OpenAI-wire model', () => {
  it.each([
    [1024, 'low'],
    [3000, 'medium'],
    [6000, 'high'],
  ])('budget_tokens %i → reasoning_effort %s for a reasoning model, and no thinking field', async (budget, effort) => {
    const body = await upstreamBody('openai', anthropicClient({ thinking: { type: 'enabled', budget_tokens: budget } }));
    expect(body.reasoning_effort).toBe(effort);
    expect(body).not.toHaveProperty('thinking');
  });

  it.each(['openai', 'azure-openai', 'openai-compatible'] as const)('%s: a model that cannot reason gets neither thinking nor reasoning_effort', async (type) => {
    const body = await upstreamBody(type, anthropicClient({ thinking: { type: 'enabled', budget_tokens: 2000 } }), 'gpt-4o-mini');
    expect(body).not.toHaveProperty('thinking');
    expect(body).not.toHaveProperty('reasoning_effort');
  });

  it("keeps the client's own reasoning_effort, and sets none for thinking disabled or adaptive", async () => {
    expect((await upstreamBody('openai', { ...anthropicClient({ thinking: { type: 'enabled', budget_tokens: 1024 } }), reasoning_effort: 'high' })).reasoning_effort).toBe('high');
    expect(await upstreamBody('openai', anthropicClient({ thinking: { type: 'disabled' } }))).not.toHaveProperty('reasoning_effort');
    expect(await upstreamBody('openai', anthropicClient({ thinking: { type: 'adaptive' } }))).not.toHaveProperty('reasoning_effort');
  });

  it('drops the thinking blocks of the history (OpenAI refuses unknown message fields)', async () => {
    const request = anthropicClient({
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'greet back', signature: 'sig' }, { type: 'redacted_thinking', data: 'xyz' }, { type: 'text', text: 'Hello!' }] },
        { role: 'user', content: 'again' },
      ],
    });
    expect(request.messages[1]).toMatchObject({ thinking_blocks: [{ type: 'thinking' }, { type: 'redacted_thinking' }] });
    const body = await upstreamBody('openai', request);
    expect((body.messages as unknown[])[1]).toEqual({ role: 'assistant', content: 'Hello!' });
  });

  it('recognises reasoning models by name', () => {
    expect(['o1', 'o3-mini', 'o4-mini-2025-04-16', 'gpt-5', 'gpt-5-mini', 'openai/o3'].every(isOpenAiReasoningModel)).toBe(true);
    expect(['gpt-4o', 'gpt-4.1-mini', 'llama-3.1-8b', 'omni-moderation'].some(isOpenAiReasoningModel)).toBe(false);
  });
});

describe('documents and tool-result images on OpenAI-wire and Gemini providers', () => {
  const target = targetFor('openai');

  it('sends a base64 PDF document as a file part and a text document as text', () => {
    const request = anthropicClient({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' }, title: 'q3.pdf' },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Plain notes.' } },
            { type: 'text', text: 'Compare.' },
          ],
        },
      ],
    });
    expect(withClaudeFeaturesForOpenAiWire(request, target).messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'file', file: { filename: 'q3.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
          { type: 'text', text: 'Plain notes.' },
          { type: 'text', text: 'Compare.' },
        ],
      },
    ]);
  });

  it('refuses a document it cannot pass on with a 400 naming the provider', () => {
    const request = anthropicClient({ messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'url', url: 'https://docs.example/a.pdf' } }] }] });
    expect(() => withClaudeFeaturesForOpenAiWire(request, target)).toThrow("Provider 'Test openai' (openai) cannot take documents with a 'url' source; send a base64 PDF or a text document.");
  });

  const withToolImage = anthropicClient({
    tools: [{ name: 'screenshot', input_schema: { type: 'object' } }],
    messages: [
      { role: 'user', content: 'Take a screenshot' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'screenshot', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }] }] },
    ],
  });

  it.each(['openai', 'azure-openai', 'openai-compatible', 'gemini'] as const)('%s: an image inside a tool result is a 400 naming the provider', async (type) => {
    await expect(upstreamBody(type, withToolImage)).rejects.toThrow(`Provider 'Test ${type}' (${type}) cannot take images or documents inside tool results`);
  });

  it('leaves a plain OpenAI request as it is', () => {
    const plain: OpenAiChatRequest = { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], reasoning_effort: 'low' };
    expect(withClaudeFeaturesForOpenAiWire(plain, target)).toBe(plain);
  });
});
