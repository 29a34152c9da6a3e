import { createOpenAiAdapter } from './openai.adapter';

const provider = { id: 'p1', name: 'OpenAI', type: 'openai' as const, baseUrl: 'https://api.example.test/v1/', apiKey: 'sk-upstream', options: {} };
const deployment = { id: 'd1', modelName: 'gpt-4o-mini', providerId: 'p1', upstreamModel: 'gpt-4o-mini-2024-07-18', weight: 1, priority: 0, timeoutMs: 1000 };

describe('OpenAI adapter', () => {
  const adapter = createOpenAiAdapter('openai');

  it('targets /chat/completions with the upstream model and the provider credential', () => {
    const req = adapter.buildChatCompletion(provider, deployment, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], temperature: 0.2 });
    expect(req.url).toBe('https://api.example.test/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer sk-upstream');
    expect(JSON.parse(req.body)).toEqual({ model: 'gpt-4o-mini-2024-07-18', messages: [{ role: 'user', content: 'hi' }], temperature: 0.2 });
  });

  it('always asks for usage in streams', () => {
    const req = adapter.buildChatCompletion(provider, deployment, { model: 'x', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(JSON.parse(req.body).stream_options).toEqual({ include_usage: true });
    expect(req.headers.accept).toBe('text/event-stream');
  });

  it('reads usage from responses and stream chunks, and null when absent or malformed', () => {
    expect(adapter.usageFromChatCompletion({ usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 } })).toMatchObject({ prompt_tokens: 3, completion_tokens: 5 });
    expect(adapter.usageFromStreamEvent({ choices: [] })).toBeNull();
    expect(adapter.usageFromStreamEvent({ usage: { prompt_tokens: 'x' } })).toBeNull();
  });
});
