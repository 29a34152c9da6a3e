import Anthropic from '@anthropic-ai/sdk';
import { listenForTest, type RunningMockProvider } from '../testing/listen-for-test';

// One mock for the file: every test sends its own request and reads only its own answer.
let mock: RunningMockProvider;
let client: Anthropic;

beforeAll(async () => {
  mock = await listenForTest();
  client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: mock.baseUrl, maxRetries: 0 });
});
afterAll(() => mock.close());

describe('Anthropic /v1/messages: extended thinking and documents', () => {
  const tools: Anthropic.Tool[] = [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
  const request = {
    model: 'claude-mock-model',
    max_tokens: 4096,
    thinking: { type: 'enabled' as const, budget_tokens: 2048 },
    messages: [{ role: 'user' as const, content: 'Weather in Paris?' }],
  };

  it('thinks first, with a signed block, and bills the thinking as output', async () => {
    const plain = await client.messages.create({ ...request, thinking: undefined });
    const message = await client.messages.create(request);
    expect(message.content[0]).toEqual({ type: 'thinking', thinking: 'Mock thinking about: Weather in Paris?', signature: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) });
    expect(message.content[1]).toEqual(plain.content[0]);
    expect(message.usage.output_tokens).toBeGreaterThan(plain.usage.output_tokens);
    expect((await client.messages.create({ ...request, thinking: { type: 'disabled' } })).content).toEqual(plain.content);
  });

  it('streams thinking_delta then signature_delta, and the SDK assembles the same message as non-stream', async () => {
    const whole = await client.messages.create({ ...request, tools });
    const deltas: string[] = [];
    const stream = client.messages.stream({ ...request, tools });
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta') deltas.push(`${event.index}:${event.delta.type}`);
    });
    const streamed = await stream.finalMessage();
    expect(streamed.content).toEqual(whole.content);
    expect(deltas[0]).toBe('0:thinking_delta');
    expect(deltas.filter((d) => d.startsWith('0:')).at(-1)).toBe('0:signature_delta');
    expect(deltas.at(-1)).toBe('1:input_json_delta');
  });

  it('takes its thinking back unchanged when a tool-use turn continues, and refuses tampered or missing thinking', async () => {
    const first = await client.messages.create({ ...request, tools });
    const toolUse = first.content.find((b) => b.type === 'tool_use') as Anthropic.ToolUseBlock;
    const continueWith = (assistant: Anthropic.ContentBlockParam[]) =>
      client.messages.create({
        ...request,
        tools,
        messages: [...request.messages, { role: 'assistant', content: assistant }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '18 °C' }] }],
      });
    const next = await continueWith(first.content as Anthropic.ContentBlockParam[]);
    expect(next.content).toEqual([{ type: 'text', text: 'Mock reply to: tool result: 18 °C' }]);

    const thinking = first.content[0] as Anthropic.ThinkingBlock;
    await expect(continueWith([{ ...thinking, thinking: `${thinking.thinking} (edited)` }, toolUse])).rejects.toMatchObject({ status: 400, message: expect.stringContaining('Invalid `signature` in `thinking` block') });
    await expect(continueWith([toolUse])).rejects.toMatchObject({ status: 400, message: expect.stringContaining('must start with a thinking block') });
  });

  it('adds a redacted_thinking block when asked, and checks its data when it comes back', async () => {
    const message = await client.messages.create({ ...request, messages: [{ role: 'user', content: 'Secret plan [mock-redacted-thinking]' }] });
    expect(message.content.map((b) => b.type)).toEqual(['thinking', 'redacted_thinking', 'text']);
    const redacted = message.content[1] as Anthropic.RedactedThinkingBlock;
    const followUp = (data: string) =>
      client.messages.create({
        ...request,
        messages: [{ role: 'user', content: 'Secret plan [mock-redacted-thinking]' }, { role: 'assistant', content: [message.content[0] as Anthropic.ThinkingBlock, { type: 'redacted_thinking', data }] }, { role: 'user', content: 'and?' }],
      });
    await expect(followUp(redacted.data)).resolves.toMatchObject({ type: 'message' });
    await expect(followUp(`${redacted.data}x`)).rejects.toMatchObject({ status: 400 });
  });

  it.each([
    [{ thinking: { type: 'enabled', budget_tokens: 512 } }, 'greater than or equal to 1024'],
    [{ thinking: { type: 'enabled', budget_tokens: 4096 } }, '`max_tokens` must be greater than `thinking.budget_tokens`'],
    [{ temperature: 0.2 }, '`temperature` may only be set to 1'],
  ])('refuses thinking settings Anthropic refuses: %j', async (extra, message) => {
    await expect(client.messages.create({ ...request, ...(extra as object) })).rejects.toMatchObject({ status: 400, message: expect.stringContaining(message) });
  });

  it('lets the budget reach max_tokens with the interleaved-thinking beta, as Claude 4 does', async () => {
    const overBudget = { ...request, thinking: { type: 'enabled' as const, budget_tokens: 8192 } };
    await expect(client.messages.create(overBudget)).rejects.toMatchObject({ status: 400 });
    const message = await client.beta.messages.create({ ...overBudget, betas: ['interleaved-thinking-2025-05-14'] });
    expect(message.content[0]).toMatchObject({ type: 'thinking' });
  });

  it('interleaves thinking between parallel tool calls with the beta, thinks after the tool results, and refuses the turn sent back in another order', async () => {
    const twoTools: Anthropic.Tool[] = [...tools, { name: 'get_time', input_schema: { type: 'object', properties: { zone: { type: 'string' } } } }];
    const turn = { ...request, tools: twoTools, tool_choice: { type: 'auto' as const, disable_parallel_tool_use: false }, betas: ['interleaved-thinking-2025-05-14'] };
    const first = await client.beta.messages.create(turn);
    expect(first.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use', 'thinking', 'tool_use']);
    expect(first.content[3]).toMatchObject({ thinking: 'Mock thinking before calling get_time (call 2)' });
    expect((await client.beta.messages.stream(turn).finalMessage()).content).toEqual(first.content);

    const calls = first.content.filter((b) => b.type === 'tool_use');
    const continueWith = (assistant: Anthropic.Beta.BetaContentBlockParam[]) =>
      client.beta.messages.create({
        ...turn,
        messages: [...request.messages, { role: 'assistant', content: assistant }, { role: 'user', content: calls.map((call) => ({ type: 'tool_result' as const, tool_use_id: call.id, content: 'ok' })) }],
      });
    const next = await continueWith(first.content as Anthropic.Beta.BetaContentBlockParam[]);
    expect(next.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    const [thinking, text, call1, thinking2, call2] = first.content as Anthropic.Beta.BetaContentBlockParam[];
    await expect(continueWith([thinking, thinking2, text, call1, call2])).rejects.toMatchObject({ status: 400, message: expect.stringContaining('content.1: Invalid `signature` in `thinking` block') });
  });

  it('takes document blocks (PDF, text read as text, URL) and refuses malformed ones', async () => {
    const pdf: Anthropic.DocumentBlockParam = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQK' }, title: 'Q3' };
    const message = await client.messages.create({
      model: 'claude-mock-model',
      max_tokens: 100,
      messages: [{ role: 'user', content: [pdf, { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'notes' } }, { type: 'document', source: { type: 'url', url: 'https://docs.example/a.pdf' } }, { type: 'text', text: 'Summarise' }] }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Mock reply to: notes Summarise' }]);
    await expect(
      client.messages.create({
        model: 'claude-mock-model',
        max_tokens: 100,
        messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'image/png', data: 'x' } } as unknown as Anthropic.DocumentBlockParam] }],
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('messages.0.content.0.source') });
  });
});

describe('Anthropic /v1/messages: parallel tool use and JSON mode', () => {
  const tools: Anthropic.Tool[] = [
    { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
    { name: 'get_time', input_schema: { type: 'object', properties: { zone: { type: 'string' } } } },
  ];
  const ask = (toolChoice?: Anthropic.ToolChoice) =>
    client.messages.create({ model: 'claude-mock-model', max_tokens: 256, tools, ...(toolChoice ? { tool_choice: toolChoice } : {}), messages: [{ role: 'user', content: 'Weather and time in Paris?' }] });

  it('calls every tool when parallel use is asked for explicitly, one otherwise', async () => {
    expect((await ask({ type: 'auto', disable_parallel_tool_use: false })).content.map((b) => (b as Anthropic.ToolUseBlock).name)).toEqual(['get_weather', 'get_time']);
    expect((await ask()).content.map((b) => (b as Anthropic.ToolUseBlock).name)).toEqual(['get_weather']);
    expect((await ask({ type: 'auto', disable_parallel_tool_use: true })).content).toHaveLength(1);
  });

  it('answers a system prompt asking for a single valid JSON object with JSON', async () => {
    const message = await client.messages.create({
      model: 'claude-mock-model',
      max_tokens: 256,
      system: 'Respond only with a single valid JSON object, with no text before or after it.',
      messages: [{ role: 'user', content: 'Capital of France?' }],
    });
    expect(JSON.parse((message.content[0] as Anthropic.TextBlock).text)).toEqual({ reply: 'Mock reply to: Capital of France?' });
  });
});
