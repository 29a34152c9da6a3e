import { collectStream, fixtureText, translateThreeWays } from '../testing/fixtures';
import { targetFor } from '../testing/targets';
import { azureOpenAiAdapter } from './azure-openai.adapter';

const target = targetFor('azure-openai', { baseUrl: 'https://contoso.openai.azure.com/', options: { apiVersion: '2024-10-21' }, upstreamModel: 'gpt-4o-prod' });

describe('Azure OpenAI adapter', () => {
  it('calls the deployment URL with api-version and the api-key header', async () => {
    const req = await azureOpenAiAdapter.chat.buildRequest(target, { model: 'alias', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(req.url).toBe('https://contoso.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21');
    expect(req.headers['api-key']).toBe('sk-upstream-secret');
    expect(req.headers.authorization).toBeUndefined();
    expect(JSON.parse(req.body)).toEqual({ messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
  });

  it('uses an Entra ID bearer token and the embeddings deployment when configured', async () => {
    const bearer = targetFor('azure-openai', { baseUrl: 'https://contoso.openai.azure.com', options: { authMode: 'bearer', deployment: 'emb-large' } });
    const req = await azureOpenAiAdapter.embeddings!.buildRequest(bearer, { model: 'alias', input: 'x' });
    expect(req.url).toBe('https://contoso.openai.azure.com/openai/deployments/emb-large/embeddings?api-version=2024-10-21');
    expect(req.headers.authorization).toBe('Bearer sk-upstream-secret');
  });

  it('drops the prompt-filter preamble of a recorded stream and keeps usage last', () => {
    const bytes = new TextEncoder().encode(fixtureText(__dirname, 'chat-stream.sse'));
    const [whole, bytewise] = translateThreeWays(() => azureOpenAiAdapter.chat.createStreamTranslator(target), bytes);
    expect(bytewise).toEqual(whole);
    expect(whole).toHaveLength(4);
    expect(collectStream(whole)).toMatchObject({ content: 'Bonjour', finish: 'stop', usage: { prompt_tokens: 12, completion_tokens: 2 }, usageIsLast: true });
  });

  it('classifies a content-filter refusal without leaking the documentation URL', () => {
    const result = azureOpenAiAdapter.classifyError(400, fixtureText(__dirname, 'content-filter-error.json'), {});
    expect(result.kind).toBe('content_policy');
    expect(result.message).not.toMatch(/https?:/);
    expect(result.message).toContain("content management policy");
  });
});
