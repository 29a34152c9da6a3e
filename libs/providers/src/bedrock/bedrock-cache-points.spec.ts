import type { OpenAiChatRequest } from '@sluice/contracts';
import { targetFor } from '../testing/targets';
import { createBedrockAdapter } from './bedrock.adapter';
import { usageFromBedrock } from './bedrock-response.mapper';

const adapter = createBedrockAdapter({ now: () => new Date('2025-03-01T12:00:00Z') });
const credentials = JSON.stringify({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });
const on = (upstreamModel: string) => targetFor('bedrock', { baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com', apiKey: credentials, upstreamModel });
const claude = on('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
const policy = 'Policy. '.repeat(10);
const image = 'data:image/png;base64,iVBORw0KGgo=';

/** An Anthropic client's markers as the canonical request carries them: system, user parts, a tool result, a tool. */
const marked: Partial<OpenAiChatRequest> = {
  messages: [
    { role: 'system', content: [{ type: 'text', text: policy, cache_control: { type: 'ephemeral', ttl: '1h' } }, { type: 'text', text: ' Today is Monday.' }] },
    { role: 'user', content: [{ type: 'image_url', image_url: { url: image }, cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'What is it?' }] },
    { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'lookup', arguments: '{}' } }] },
    { role: 'tool', tool_call_id: 't1', content: [{ type: 'text', text: 'A cat.', cache_control: { type: 'ephemeral', ttl: '5m' } }] },
  ],
  tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } }, cache_control: { type: 'ephemeral', ttl: '1h' } }],
};

async function converseBody(request: Partial<OpenAiChatRequest>, target = claude): Promise<Record<string, unknown>> {
  const built = await adapter.chat.buildRequest(target, { model: 'm', messages: [{ role: 'user', content: 'hi' }], ...request });
  return JSON.parse(built.body) as Record<string, unknown>;
}

describe('Bedrock adapter: prompt caching (cache_control → cachePoint)', () => {
  it('puts a cachePoint after each marked system part, content part, tool result and tool for Claude, with the TTL', async () => {
    const body = await converseBody({ ...marked, response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' } } } });
    expect(body.system).toEqual([{ text: policy }, { cachePoint: { type: 'default', ttl: '1h' } }, { text: ' Today is Monday.' }]);
    expect(body.messages).toEqual([
      { role: 'user', content: [{ image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } }, { cachePoint: { type: 'default' } }, { text: 'What is it?' }] },
      { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'lookup', input: {} } }] },
      { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: 'A cat.' }] } }, { cachePoint: { type: 'default', ttl: '5m' } }] },
    ]);
    const tools = (body.toolConfig as { tools: Record<string, unknown>[] }).tools;
    expect(tools.map((tool) => Object.keys(tool)[0])).toEqual(['toolSpec', 'cachePoint', 'toolSpec']);
    expect(tools[1]).toEqual({ cachePoint: { type: 'default', ttl: '1h' } });
  });

  it('gives Nova cache points in system and messages only, without a TTL; older Claude and other models none', async () => {
    const nova = await converseBody(marked, on('amazon.nova-pro-v1:0'));
    expect(nova.system).toEqual([{ text: policy }, { cachePoint: { type: 'default' } }, { text: ' Today is Monday.' }]);
    expect((nova.toolConfig as { tools: unknown[] }).tools).toHaveLength(1);
    expect(JSON.stringify(nova.messages)).not.toContain('"ttl"');
    for (const model of ['anthropic.claude-3-haiku-20240307-v1:0', 'meta.llama3-70b-instruct-v1:0']) {
      const body = await converseBody(marked, on(model));
      expect(body.system).toEqual([{ text: `${policy} Today is Monday.` }]);
      expect(JSON.stringify(body)).not.toContain('cachePoint');
    }
  });

  it("puts a cachePoint after a tool result marked as a whole (an Anthropic client's tool_result cache_control)", async () => {
    const body = await converseBody({
      messages: [
        { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'lookup', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 't1', content: 'A cat.', cache_control: { type: 'ephemeral', ttl: '1h' } },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'lookup', input: {} } }] },
      { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: 'A cat.' }] } }, { cachePoint: { type: 'default', ttl: '1h' } }] },
    ]);
  });

  it("puts a cachePoint after an assistant turn's marked text and tool call (an Anthropic client's markers on its assistant blocks)", async () => {
    const body = await converseBody({
      messages: [
        { role: 'user', content: 'Plan, then look it up.' },
        {
          role: 'assistant',
          content: [{ type: 'text', text: 'The plan. ', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'The lookup.' }],
          tool_calls: [{ id: 't1', type: 'function', function: { name: 'lookup', arguments: '{}' }, cache_control: { type: 'ephemeral' } }],
        },
        { role: 'tool', tool_call_id: 't1', content: 'A cat.' },
      ],
    });
    expect((body.messages as Array<{ content: unknown[] }>)[1].content).toEqual([
      { text: 'The plan. ' },
      { cachePoint: { type: 'default' } },
      { text: 'The lookup.' },
      { toolUse: { toolUseId: 't1', name: 'lookup', input: {} } },
      { cachePoint: { type: 'default' } },
    ]);
  });

  it("refuses a TTL Bedrock does not know with a 400 naming the provider", async () => {
    const request = { messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi', cache_control: { type: 'ephemeral', ttl: '2h' } }] }] };
    await expect(converseBody(request)).rejects.toMatchObject({ status: 400, param: 'cache_control', message: "Provider 'Test bedrock' (bedrock) takes cache_control.ttl '5m' or '1h' only." });
  });

  it('counts cache reads and writes into prompt_tokens and their own details', () => {
    expect(usageFromBedrock({ inputTokens: 12, outputTokens: 30, cacheReadInputTokens: 0, cacheWriteInputTokens: 1500 })).toEqual({
      prompt_tokens: 1512,
      completion_tokens: 30,
      total_tokens: 1542,
      prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 1500 },
    });
    expect(usageFromBedrock({ inputTokens: 12, outputTokens: 30, cacheReadInputTokens: 1500, cacheWriteInputTokens: 0 }).prompt_tokens_details).toEqual({ cached_tokens: 1500 });
  });

  it("keeps the 1-hour part of the writes from cacheDetails, so it is billed at the 1-hour cache-write price", () => {
    const split = { inputTokens: 12, outputTokens: 30, cacheReadInputTokens: 0, cacheWriteInputTokens: 3000, cacheDetails: [{ ttl: '1h', inputTokens: 2000 }, { ttl: '5m', inputTokens: 1000 }] };
    expect(usageFromBedrock(split).prompt_tokens_details).toEqual({ cached_tokens: 0, cache_creation_tokens: 3000, cache_creation_1h_tokens: 2000 });
    const fiveMinutes = { ...split, cacheDetails: [{ ttl: '5m', inputTokens: 3000 }] };
    expect(usageFromBedrock(fiveMinutes).prompt_tokens_details).toEqual({ cached_tokens: 0, cache_creation_tokens: 3000, cache_creation_1h_tokens: 0 });
  });
});
