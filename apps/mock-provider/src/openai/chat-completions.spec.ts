import OpenAI from 'openai';
import { listenForTest, type RunningMockProvider } from '../testing/listen-for-test';

describe('POST /v1/chat/completions', () => {
  let mock: RunningMockProvider;
  let client: OpenAI;

  beforeAll(async () => {
    mock = await listenForTest();
    client = new OpenAI({ apiKey: 'sk-test', baseURL: `${mock.baseUrl}/v1`, maxRetries: 0 });
  });
  afterAll(() => mock.close());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${mock.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('answers deterministically from the last user message, with usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is the capital of France?' },
      ],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-4o-mini');
    expect(completion.choices[0].message.content).toBe('Mock reply to: What is the capital of France?');
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 3 + 8 + 3 + 3, completion_tokens: 12, total_tokens: 29 });
  });

  it('streams chunks that add up to the same text, with a final usage chunk when asked', async () => {
    const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Tell me a story about a dragon' }] };
    const whole = await client.chat.completions.create(request);
    const stream = await client.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
    let text = '';
    const finishReasons: string[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      expect(chunk.object).toBe('chat.completion.chunk');
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.choices[0]?.finish_reason) finishReasons.push(chunk.choices[0].finish_reason);
      if (chunk.usage) {
        expect(chunk.choices).toEqual([]);
        usage = chunk.usage;
      }
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text).toBe(whole.choices[0].message.content);
    expect(finishReasons).toEqual(['stop']);
    expect(usage).toEqual(whole.usage);
  });

  it('ends the raw SSE stream with data: [DONE] and sends no usage chunk unless asked', async () => {
    const response = await post({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-mock-request-id')).toMatch(/^mockreq_/);
    const body = await response.text();
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(body).not.toContain('"usage"');
  });

  it('sizes the reply with x-mock-output-tokens and cuts it at max_tokens with finish_reason length', async () => {
    const sized = await client.chat.completions.create(
      { model: 'm', messages: [{ role: 'user', content: 'hello' }] },
      { headers: { 'x-mock-output-tokens': '50' } },
    );
    expect(sized.usage?.completion_tokens).toBe(50);
    const cut = await client.chat.completions.create({ model: 'm', max_tokens: 3, messages: [{ role: 'user', content: 'hello there' }] });
    expect(cut.choices[0].message.content).toBe('Mock reply t');
    expect(cut.choices[0].finish_reason).toBe('length');
  });

  it('honours stop sequences, n choices and logprobs', async () => {
    const completion = await client.chat.completions.create({
      model: 'm',
      n: 2,
      stop: ['to:'],
      logprobs: true,
      top_logprobs: 2,
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(completion.choices.map((c) => c.message.content)).toEqual(['Mock reply ', 'Mock reply ']);
    expect(completion.choices[1].index).toBe(1);
    const logprobs = completion.choices[0].logprobs?.content ?? [];
    expect(logprobs.map((l) => l.token).join('')).toBe('Mock reply ');
    expect(logprobs[0].top_logprobs).toHaveLength(2);
  });

  it('accepts image content parts', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this image?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
      ],
    });
    expect(completion.choices[0].message.content).toBe('Mock reply to: What is in this image?');
    expect(completion.usage?.prompt_tokens).toBe(6 + 85 + 3);
  });

  it('calls the first tool with arguments that match its schema', async () => {
    const completion = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            parameters: {
              type: 'object',
              properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] }, days: { type: 'integer' } },
              required: ['city', 'unit'],
            },
          },
        },
        { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } },
      ],
    });
    const choice = completion.choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls?.[0];
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.id).toMatch(/^call_/);
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'mock city', unit: 'celsius', days: 1 });
  });

  it('streams parallel tool calls when asked, and answers in text after a tool result', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'a', parameters: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] } } },
      { type: 'function', function: { name: 'b', parameters: { type: 'object', properties: {} } } },
    ];
    const stream = client.chat.completions.stream({
      model: 'm',
      messages: [{ role: 'user', content: 'do both' }],
      tools,
      parallel_tool_calls: true,
    });
    const final = await stream.finalChatCompletion();
    const calls = final.choices[0].message.tool_calls ?? [];
    expect(calls.map((c) => (c.type === 'function' ? [c.function.name, c.function.arguments] : []))).toEqual([
      ['a', '{"x":1}'],
      ['b', '{}'],
    ]);

    const afterTool = await client.chat.completions.create({
      model: 'm',
      tools,
      messages: [
        { role: 'user', content: 'do a' },
        { role: 'assistant', content: null, tool_calls: [{ id: calls[0].id, type: 'function', function: { name: 'a', arguments: '{"x":1}' } }] },
        { role: 'tool', tool_call_id: calls[0].id, content: '42' },
      ],
    });
    expect(afterTool.choices[0].message.content).toBe('Mock reply to: tool result: 42');
  });

  it('does not call tools with tool_choice none, and forces the named tool', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'first', parameters: { type: 'object', properties: {} } } },
      { type: 'function', function: { name: 'second', parameters: { type: 'object', properties: {} } } },
    ];
    const none = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools, tool_choice: 'none' });
    expect(none.choices[0].message.tool_calls).toBeUndefined();
    const forced = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      tools,
      tool_choice: { type: 'function', function: { name: 'second' } },
    });
    const call = forced.choices[0].message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('second');
  });

  it('returns JSON satisfying a json_schema response format, and an object for json_object', async () => {
    const completion = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'Give me a person' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'person',
          strict: true,
          schema: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              age: { type: 'integer', minimum: 18 },
              email: { type: 'string', format: 'email' },
              tags: { type: 'array', items: { type: 'string' } },
              address: { $ref: '#/$defs/address' },
              nickname: { type: ['string', 'null'] },
            },
            required: ['name', 'age', 'email', 'tags', 'address', 'nickname'],
            additionalProperties: false,
            $defs: { address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
          },
        },
      },
    });
    expect(JSON.parse(completion.choices[0].message.content ?? '')).toEqual({
      name: 'mock name',
      age: 18,
      email: 'mock@example.com',
      tags: ['mock tags'],
      address: { city: 'mock city' },
      nickname: 'mock nickname',
    });
    const jsonObject = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'json please' }],
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(jsonObject.choices[0].message.content ?? '')).toEqual({ reply: 'Mock reply to: json please' });
  });

  it('rejects a missing or empty bearer token with a 401 in OpenAI format', async () => {
    const response = await fetch(`${mock.baseUrl}/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer ' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { message: expect.stringContaining('API key'), type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
    });
    const unauthenticated = new OpenAI({ apiKey: 'x', baseURL: `${mock.baseUrl}/v1`, maxRetries: 0, defaultHeaders: { authorization: 'Basic eDp5' } });
    await expect(unauthenticated.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
  });

  it('rejects invalid JSON and missing fields with a 400 in OpenAI format', async () => {
    const invalidJson = await post('{"model": ');
    expect(invalidJson.status).toBe(400);
    expect(((await invalidJson.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');

    const missing = await post({ model: 'm' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      error: { message: "Missing required parameter: 'messages'.", type: 'invalid_request_error', param: 'messages', code: null },
    });
    await expect(client.chat.completions.create({ model: 'm', messages: [] })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });
});
