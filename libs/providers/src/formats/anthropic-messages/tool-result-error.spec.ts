import { anthropicMessagesRequestSchema, type ProviderType } from '@sluice/contracts';
import { providerAdapter } from '../../registry';
import { targetFor } from '../../testing/targets';
import { anthropicToCanonicalRequest } from './anthropic-request.to-canonical';

// An Anthropic client telling the model that its tool call failed.
function requestWithFailedTool(content: string | { type: 'text'; text: string }[]) {
  return anthropicToCanonicalRequest(
    anthropicMessagesRequestSchema.parse({
      model: 'm',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content, is_error: true }] },
      ],
      tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
    }),
  );
}

async function upstreamBody(type: ProviderType, content: string | { type: 'text'; text: string }[] = 'city not found') {
  const request = await providerAdapter(type).chat.buildRequest(targetFor(type, { options: type === 'bedrock' ? { region: 'us-east-1', accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } : {} }), requestWithFailedTool(content));
  return JSON.parse(request.body as string) as Record<string, unknown>;
}

describe("a tool_result with is_error: true keeps saying the tool failed, whatever the upstream", () => {
  it('anthropic: the tool_result carries is_error unchanged', async () => {
    expect((await upstreamBody('anthropic')).messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'city not found', is_error: true }] },
    ]);
  });

  it.each(['openai', 'azure-openai', 'openai-compatible'] as const)('%s: the tool message starts with "Error: " and has no is_error field', async (type) => {
    const body = await upstreamBody(type);
    expect(JSON.stringify(body)).not.toContain('is_error');
    expect((body.messages as unknown[]).at(-1)).toEqual({ role: 'tool', tool_call_id: 'toolu_1', content: 'Error: city not found' });
  });

  it('openai: text-part content gets the prefix on its first part', async () => {
    const body = await upstreamBody('openai', [{ type: 'text', text: 'timeout' }, { type: 'text', text: ' after 30 s' }]);
    expect((body.messages as unknown[]).at(-1)).toEqual({ role: 'tool', tool_call_id: 'toolu_1', content: [{ type: 'text', text: 'Error: timeout' }, { type: 'text', text: ' after 30 s' }] });
  });

  it("bedrock: the toolResult has status 'error'", async () => {
    const body = await upstreamBody('bedrock');
    expect((body.messages as unknown[]).at(-1)).toEqual({ role: 'user', content: [{ toolResult: { toolUseId: 'toolu_1', content: [{ text: 'city not found' }], status: 'error' } }] });
  });

  it('gemini: the functionResponse reports the text under `error`', async () => {
    const body = await upstreamBody('gemini');
    expect((body.contents as unknown[]).at(-1)).toEqual({ role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { error: 'city not found' } } }] });
  });

  it('a successful tool result is sent as before (no flag, no prefix)', async () => {
    const success = anthropicToCanonicalRequest(
      anthropicMessagesRequestSchema.parse({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '18 °C' }] }] }),
    );
    expect(success.messages).toEqual([{ role: 'tool', tool_call_id: 'toolu_1', content: '18 °C' }]);
    const request = await providerAdapter('openai').chat.buildRequest(targetFor('openai'), success);
    expect(JSON.parse(request.body as string).messages).toEqual([{ role: 'tool', tool_call_id: 'toolu_1', content: '18 °C' }]);
  });
});
