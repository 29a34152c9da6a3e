import { anthropicMessagesRequestSchema, type OpenAiChatRequest } from '@sluice/contracts';
import { azureOpenAiAdapter } from '../azure-openai/azure-openai.adapter';
import { anthropicToCanonicalRequest } from '../formats/anthropic-messages/anthropic-request.to-canonical';
import { openAiAdapter } from '../openai/openai.adapter';
import { targetFor } from '../testing/targets';
import { withoutAnthropicExtensions, withToolErrorsAsText } from './anthropic-extensions';

// What an Anthropic client with prompt caching (Claude Code, LangChain …) sends.
const fromAnthropicClient = anthropicToCanonicalRequest(
  anthropicMessagesRequestSchema.parse({
    model: 'gpt-4o',
    max_tokens: 100,
    top_k: 20,
    system: [{ type: 'text', text: 'Long instructions', cache_control: { type: 'ephemeral' } }],
    messages: [
      { role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://x.example/a.png' }, cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'What is it?', cache_control: { type: 'ephemeral' } }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Looking.', cache_control: { type: 'ephemeral' } }, { type: 'tool_use', id: 'call_1', name: 'lookup', input: { q: 'a' }, cache_control: { type: 'ephemeral' } }] },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'call_1', content: [{ type: 'text', text: 'found', cache_control: { type: 'ephemeral' } }], cache_control: { type: 'ephemeral' } }],
      },
    ],
    tools: [{ name: 'lookup', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } }],
  }),
);

describe('requests to OpenAI and Azure OpenAI leave out what only Anthropic understands', () => {
  it.each([
    ['openai', openAiAdapter],
    ['azure-openai', azureOpenAiAdapter],
  ] as const)('%s: no top_k and no cache_control anywhere, everything else kept', async (type, adapter) => {
    const request = await adapter.chat.buildRequest(targetFor(type), fromAnthropicClient);
    expect(request.body).not.toMatch(/cache_control|top_k/);
    expect(JSON.parse(request.body)).toMatchObject({
      max_tokens: 100,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Long instructions' }] },
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x.example/a.png' } }, { type: 'text', text: 'What is it?' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Looking.' }], tool_calls: [{ id: 'call_1', function: { name: 'lookup' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'found' }] },
      ],
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
    });
  });

  it("OpenAI-compatible servers keep content parts' cache_control but not a tool message's own", () => {
    const body = withToolErrorsAsText(fromAnthropicClient);
    const tool = (body.messages as Record<string, unknown>[]).find((m) => m.role === 'tool');
    expect(tool).toEqual({ role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'found', cache_control: { type: 'ephemeral' } }] });
    const assistant = (body.messages as Record<string, unknown>[]).find((m) => m.role === 'assistant');
    expect(assistant).toMatchObject({ content: [{ type: 'text', text: 'Looking.', cache_control: { type: 'ephemeral' } }], tool_calls: [{ id: 'call_1' }] });
    expect(JSON.stringify((assistant as { tool_calls: unknown }).tool_calls)).not.toContain('cache_control');
  });

  it('returns a request without them as the very same object (nothing copied)', () => {
    const plain: OpenAiChatRequest = { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [{ type: 'function', function: { name: 'f' } }] };
    expect(withoutAnthropicExtensions(plain)).toBe(plain);
  });
});
