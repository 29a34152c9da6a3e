import OpenAI from 'openai';
import { listenForTest, type RunningMockProvider } from '../testing/listen-for-test';

describe('POST /v1/responses', () => {
  let mock: RunningMockProvider;
  let client: OpenAI;

  beforeAll(async () => {
    mock = await listenForTest();
    client = new OpenAI({ apiKey: 'sk-test', baseURL: `${mock.baseUrl}/v1`, maxRetries: 0 });
  });
  afterAll(() => mock.close());

  it('returns a completed response with output text and usage', async () => {
    const response = await client.responses.create({ model: 'gpt-4.1', instructions: 'Be brief.', input: 'Hello there, model' });
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('Mock reply to: Hello there, model');
    expect(response.usage).toMatchObject({ input_tokens: 3 + 5 + 3, output_tokens: 9, total_tokens: 20 });
  });

  it('streams the Responses event sequence, ending with response.completed carrying the same usage', async () => {
    const whole = await client.responses.create({ model: 'gpt-4.1', input: [{ role: 'user', content: 'Stream please' }] });
    const stream = await client.responses.create({ model: 'gpt-4.1', input: [{ role: 'user', content: 'Stream please' }], stream: true });
    const types: string[] = [];
    let text = '';
    let sequence = -1;
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      expect(event.sequence_number).toBe(sequence + 1);
      sequence = event.sequence_number;
      if (!types.includes(event.type)) types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(text).toBe('Mock reply to: Stream please');
    expect(completed?.usage).toEqual(whole.usage);
  });

  it('calls a function tool, streaming its arguments', async () => {
    const tools: OpenAI.Responses.Tool[] = [
      { type: 'function', name: 'lookup', strict: true, parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } },
    ];
    const response = await client.responses.create({ model: 'gpt-4.1', input: 'find it', tools });
    const call = response.output[0];
    expect(call.type).toBe('function_call');
    if (call.type !== 'function_call') throw new Error('expected a function call');
    expect(call.name).toBe('lookup');
    expect(JSON.parse(call.arguments)).toEqual({ q: 'mock q' });

    const stream = await client.responses.create({ model: 'gpt-4.1', input: 'find it', tools, stream: true });
    let args = '';
    for await (const event of stream) if (event.type === 'response.function_call_arguments.delta') args += event.delta;
    expect(args).toBe(call.arguments);
  });

  it('answers 400 in OpenAI format when input is missing', async () => {
    await expect(client.responses.create({ model: 'gpt-4.1' } as OpenAI.Responses.ResponseCreateParamsNonStreaming)).rejects.toMatchObject({
      status: 400,
      error: { type: 'invalid_request_error', param: 'input' },
    });
  });
});
