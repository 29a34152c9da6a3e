import { targetFor } from '../testing/targets';
import { openAiCompatibleAdapter } from './openai-compatible.adapter';

describe('OpenAI-compatible adapter', () => {
  it('serves vLLM/Ollama-style servers with the defaults', async () => {
    const target = targetFor('openai-compatible', { baseUrl: 'http://localhost:11434/v1', apiKey: 'ollama' });
    const req = await openAiCompatibleAdapter.chat.buildRequest(target, { model: 'llama', messages: [{ role: 'user', content: 'hi' }], max_completion_tokens: 5 });
    expect(req.url).toBe('http://localhost:11434/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer ollama');
    expect(JSON.parse(req.body)).toEqual({ model: 'upstream-model', messages: [{ role: 'user', content: 'hi' }], max_completion_tokens: 5 });
  });

  it('applies per-provider differences from options', async () => {
    const target = targetFor('openai-compatible', {
      baseUrl: 'https://openrouter.example/api/v1',
      apiKey: 'k-1',
      options: {
        authHeader: 'X-Api-Key',
        authScheme: '',
        headers: '{"HTTP-Referer":"https://sluice.example","X-Title":"Sluice"}',
        maxTokensField: 'max_tokens',
        streamUsage: 'false',
        dropParams: 'seed, parallel_tool_calls',
      },
    });
    const req = await openAiCompatibleAdapter.chat.buildRequest(target, {
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      max_completion_tokens: 9,
      seed: 1,
      parallel_tool_calls: false,
      stream: true,
    });
    expect(req.headers).toMatchObject({ 'x-api-key': 'k-1', 'HTTP-Referer': 'https://sluice.example', 'X-Title': 'Sluice' });
    expect(JSON.parse(req.body)).toEqual({ model: 'upstream-model', messages: [{ role: 'user', content: 'hi' }], max_tokens: 9, stream: true });
  });

  it('normalises non-standard finish reasons (Mistral model_length)', () => {
    const target = targetFor('openai-compatible');
    const parsed = openAiCompatibleAdapter.chat.parseResponse(
      { id: 'x', object: 'chat.completion', created: 1, model: 'mistral-small', choices: [{ index: 0, message: { role: 'assistant', content: 'a' }, finish_reason: 'model_length' }] },
      target,
    );
    expect(parsed.choices[0].finish_reason).toBe('length');
  });
});
