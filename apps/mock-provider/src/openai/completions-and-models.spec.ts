import OpenAI from 'openai';
import { listenForTest, type RunningMockProvider } from '../testing/listen-for-test';

describe('POST /v1/completions and GET /v1/models', () => {
  let mock: RunningMockProvider;
  let client: OpenAI;

  beforeAll(async () => {
    mock = await listenForTest();
    client = new OpenAI({ apiKey: 'sk-test', baseURL: `${mock.baseUrl}/v1`, maxRetries: 0 });
  });
  afterAll(() => mock.close());

  it('completes a prompt, cutting at the default max_tokens of 16', async () => {
    const completion = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say hi' });
    expect(completion.object).toBe('text_completion');
    expect(completion.choices[0]).toMatchObject({ index: 0, text: 'Mock reply to: Say hi', finish_reason: 'stop' });
    expect(completion.usage).toEqual({ prompt_tokens: 2, completion_tokens: 6, total_tokens: 8 });
    const cut = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'x'.repeat(100) });
    expect(cut.choices[0].finish_reason).toBe('length');
    expect(cut.usage?.completion_tokens).toBe(16);
  });

  it('streams text_completion chunks with a usage chunk when asked', async () => {
    const stream = await client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'Say hi',
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Mock reply to: Say hi');
    expect(usage).toEqual({ prompt_tokens: 2, completion_tokens: 6, total_tokens: 8 });
  });

  it('lists models and answers 404 in OpenAI format for an unknown one', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toContain('gpt-4o-mini');
    await expect(client.models.retrieve('nope')).rejects.toMatchObject({ status: 404, error: { code: 'model_not_found' } });
  });
});
