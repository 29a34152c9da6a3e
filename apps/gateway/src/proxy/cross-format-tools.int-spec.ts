import type OpenAI from 'openai';
import type { StandaloneGateway } from '../test-support/standalone-gateway';
import { startTwoFormatGateway } from '../test-support/two-format-gateway';

const KEY = 'sk-sluice-crossformattools0123456789abcdefg';

describe('OpenAI SDK → Claude: parallel tool calls and JSON mode end to end (mock Claude)', () => {
  let gateway: StandaloneGateway;
  let openai: OpenAI;

  beforeAll(async () => {
    ({ gateway } = await startTwoFormatGateway(KEY, { 'claude-3-5-haiku': 'anthropic' }));
    openai = gateway.client(KEY);
  });

  afterAll(() => gateway?.close());

  const tools: OpenAI.ChatCompletionTool[] = [
    { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
    { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } } },
  ];
  const ask = (parallel: boolean, stream: boolean) => ({ model: 'claude-3-5-haiku', tools, parallel_tool_calls: parallel, stream, messages: [{ role: 'user' as const, content: 'Weather and time in Paris?' }] });

  it('parallel_tool_calls: true gets every tool call back, non-stream and stream; false gets one', async () => {
    const completion = await openai.chat.completions.create(ask(true, false) as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(completion.choices[0].message.tool_calls?.map((c) => (c as OpenAI.ChatCompletionMessageFunctionToolCall).function.name)).toEqual(['get_weather', 'get_time']);
    expect(completion.choices[0].finish_reason).toBe('tool_calls');

    const names: string[] = [];
    for await (const chunk of await openai.chat.completions.create(ask(true, true) as OpenAI.ChatCompletionCreateParamsStreaming)) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) if (call.function?.name) names[call.index] = call.function.name;
    }
    expect(names).toEqual(['get_weather', 'get_time']);

    const single = await openai.chat.completions.create(ask(false, false) as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(single.choices[0].message.tool_calls).toHaveLength(1);
  });

  it('response_format json_object comes back as a JSON object', async () => {
    const completion = await openai.chat.completions.create({ model: 'claude-3-5-haiku', response_format: { type: 'json_object' }, messages: [{ role: 'user', content: 'Capital of France?' }] });
    expect(JSON.parse(completion.choices[0].message.content ?? '')).toEqual({ reply: 'Mock reply to: Capital of France?' });
  });
});
