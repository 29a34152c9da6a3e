import Anthropic from '@anthropic-ai/sdk';
import { listenForTest, type RunningMockProvider } from '../testing/listen-for-test';

describe('Anthropic /v1/messages', () => {
  let mock: RunningMockProvider;
  let client: Anthropic;

  beforeAll(async () => {
    mock = await listenForTest();
    client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: mock.baseUrl, maxRetries: 0 });
  });
  afterAll(() => mock.close());

  const request = {
    model: 'claude-mock-model',
    max_tokens: 256,
    system: 'You are terse.',
    messages: [{ role: 'user' as const, content: 'What is the tallest mountain?' }],
  };

  it('answers with a text block, stop_reason end_turn and usage', async () => {
    const message = await client.messages.create(request);
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-mock-model', stop_reason: 'end_turn', stop_sequence: null });
    expect(message.content).toEqual([{ type: 'text', text: 'Mock reply to: What is the tallest mountain?' }]);
    expect(message.usage).toMatchObject({ input_tokens: 4 + 8 + 3, output_tokens: 11 });
  });

  it('streams the Messages event sequence, matching the non-stream text and usage', async () => {
    const whole = await client.messages.create(request);
    const stream = await client.messages.create({ ...request, stream: true });
    const types: string[] = [];
    let text = '';
    let outputTokens = 0;
    for await (const event of stream) {
      if (types[types.length - 1] !== event.type) types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      if (event.type === 'message_delta') {
        expect(event.delta.stop_reason).toBe('end_turn');
        outputTokens = event.usage.output_tokens;
      }
      if (event.type === 'message_start') expect(event.message.usage.input_tokens).toBe(whole.usage.input_tokens);
    }
    // The SDK drops ping events; the raw wire check below sees them.
    expect(types).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(text).toBe((whole.content[0] as Anthropic.TextBlock).text);
    expect(outputTokens).toBe(whole.usage.output_tokens);
  });

  it('names every SSE event on the wire, ping included', async () => {
    const response = await fetch(`${mock.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ ...request, stream: true }),
    });
    const names = [...(await response.text()).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(response.headers.get('request-id')).toBe(response.headers.get('x-mock-request-id'));
  });

  it('uses tools: tool_use blocks, streamed as input_json_delta, and text after a tool_result', async () => {
    const tools: Anthropic.Tool[] = [
      { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
    ];
    const message = await client.messages.create({ ...request, tools });
    expect(message.stop_reason).toBe('tool_use');
    const block = message.content[0];
    if (block.type !== 'tool_use') throw new Error('expected tool_use');
    expect(block).toMatchObject({ name: 'get_weather', input: { city: 'mock city' } });
    expect(block.id).toMatch(/^toolu_/);

    const streamed = await client.messages.stream({ ...request, tools }).finalMessage();
    expect(streamed.content[0]).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'mock city' } });

    const after = await client.messages.create({
      ...request,
      tools,
      messages: [
        ...request.messages,
        { role: 'assistant', content: [block] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: block.id, content: 'Sunny' }] },
      ],
    });
    expect(after.content).toEqual([{ type: 'text', text: 'Mock reply to: tool result: Sunny' }]);
  });

  it('honours max_tokens and stop_sequences', async () => {
    const cut = await client.messages.create({ ...request, max_tokens: 2 });
    expect(cut.stop_reason).toBe('max_tokens');
    expect(cut.usage.output_tokens).toBe(2);
    const stopped = await client.messages.create({ ...request, stop_sequences: ['tallest'] });
    expect(stopped).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'tallest' });
  });

  it('counts tokens the same way usage does', async () => {
    const counted = await client.messages.countTokens({ model: request.model, system: request.system, messages: request.messages });
    const message = await client.messages.create(request);
    expect(counted.input_tokens).toBe(message.usage.input_tokens);
  });

  it('requires x-api-key and anthropic-version, answering in Anthropic error format', async () => {
    const noKey = await fetch(`${mock.baseUrl}/v1/messages`, { method: 'POST', headers: { 'anthropic-version': '2023-06-01' } });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' } });

    const noVersion = await fetch(`${mock.baseUrl}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'k' } });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('rejects invalid bodies with 400 invalid_request_error', async () => {
    await expect(client.messages.create({ model: 'claude', messages: request.messages } as Anthropic.MessageCreateParamsNonStreaming)).rejects.toMatchObject({
      status: 400,
      error: { type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('max_tokens') } },
    });
    const badJson = await fetch(`${mock.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });
});
