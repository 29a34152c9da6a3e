import Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { startStandaloneGateway, type StandaloneGateway } from '../test-support/standalone-gateway';

const KEY = 'sk-sluice-clientshapes0123456789abcdefghijk';

/** Models whose catalog entry says what they are, and one that says nothing (no check). */
const config = (mockUrl: string) => `
version: 1
providers:
  - { name: mock-openai, type: openai, base_url: ${mockUrl}/v1, api_key: k }
  - { name: mock-anthropic, type: anthropic, base_url: ${mockUrl}, api_key: k }
models:
  - { name: gpt-4o-mini, capabilities: [chat, tools, streaming], deployments: [{ provider: mock-openai, model: gpt-4o-mini }] }
  - { name: claude-sonnet-4, capabilities: [chat, reasoning], deployments: [{ provider: mock-anthropic, model: claude-sonnet-4 }] }
  - { name: text-embedding-3-small, capabilities: [embeddings], deployments: [{ provider: mock-openai, model: text-embedding-3-small }] }
  - { name: unlabelled, deployments: [{ provider: mock-openai, model: unlabelled }] }
keys:
  - { name: app, key: ${KEY} }
`;

type Recorded = { url: string; headers: Record<string, string>; body: Record<string, unknown> };

describe('what OpenAI and Anthropic SDK users see: shapes, unknown models, model kinds, anthropic-beta', () => {
  let gateway: StandaloneGateway;
  let openai: OpenAI;
  let claude: Anthropic;

  beforeAll(async () => {
    gateway = await startStandaloneGateway(config);
    openai = gateway.client(KEY);
    claude = new Anthropic({ baseURL: gateway.url, apiKey: KEY, maxRetries: 0 });
  });

  afterAll(() => gateway?.close());

  async function lastUpstream(): Promise<Recorded> {
    const res = await fetch(`${gateway.mock.url}/_mock/requests`);
    return ((await res.json()) as { data: Recorded[] }).data.at(-1)!;
  }

  describe('a Claude answer to an OpenAI client', () => {
    it('has a chatcmpl- id and refusal: null, logprobs: null, like OpenAI’s', async () => {
      const completion = await openai.chat.completions.create({ model: 'claude-sonnet-4', messages: [{ role: 'user', content: 'Hi' }] });
      expect(completion.id).toMatch(/^chatcmpl-msg_/);
      expect(completion.choices[0]).toMatchObject({ logprobs: null, message: { role: 'assistant', refusal: null } });
    });

    it('streams chunks with one chatcmpl- id, logprobs: null and refusal: null in the role delta', async () => {
      const chunks: OpenAI.ChatCompletionChunk[] = [];
      for await (const chunk of await openai.chat.completions.create({ model: 'claude-sonnet-4', messages: [{ role: 'user', content: 'Hi' }], stream: true })) chunks.push(chunk);
      expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
      expect(chunks[0].id).toMatch(/^chatcmpl-msg_/);
      expect(chunks[0].choices[0]).toMatchObject({ delta: { role: 'assistant', refusal: null }, logprobs: null });
    });
  });

  describe('an unknown model', () => {
    it('is a 404 invalid_request_error / model_not_found for OpenAI clients, on chat, responses and embeddings', async () => {
      const shape = { status: 404, error: { type: 'invalid_request_error', code: 'model_not_found', message: "The model 'no-such-model' does not exist or you do not have access to it." } };
      await expect(openai.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject(shape);
      await expect(openai.responses.create({ model: 'no-such-model', input: 'x' })).rejects.toMatchObject(shape);
      await expect(openai.embeddings.create({ model: 'no-such-model', input: 'x' })).rejects.toMatchObject(shape);
      await expect(openai.models.retrieve('no-such-model')).rejects.toMatchObject({ status: 404, error: { type: 'invalid_request_error', code: 'model_not_found' } });
    });

    it('is a 404 not_found_error for Anthropic clients', async () => {
      const error = await claude.messages.create({ model: 'no-such-model', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Anthropic.NotFoundError);
      expect(error).toMatchObject({ error: { type: 'error', error: { type: 'not_found_error' } } });
    });
  });

  describe('an unknown URL', () => {
    it("is OpenAI's 404 invalid_request_error on OpenAI routes, and Anthropic's not_found_error under /v1/messages", async () => {
      const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
      const openaiStyle = await fetch(`${gateway.url}/v1/chat/complete`, { method: 'POST', headers, body: '{}' });
      expect(openaiStyle.status).toBe(404);
      expect(await openaiStyle.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'unknown_url', message: expect.stringContaining('Invalid URL') } });
      const anthropicStyle = await fetch(`${gateway.url}/v1/messages/batches`, { headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' } });
      expect(anthropicStyle.status).toBe(404);
      expect(await anthropicStyle.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    });
  });

  describe('the model kind the catalog gives', () => {
    it('refuses a chat model on /v1/embeddings and an embeddings model on chat routes with a 400, nothing sent upstream', async () => {
      const before = await lastUpstream().catch(() => null);
      await expect(openai.embeddings.create({ model: 'gpt-4o-mini', input: 'x' })).rejects.toMatchObject({
        status: 400,
        error: { type: 'invalid_request_error', code: 'model_not_supported', param: 'model', message: expect.stringContaining('is a chat model') },
      });
      await expect(openai.chat.completions.create({ model: 'text-embedding-3-small', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
        status: 400,
        error: { code: 'model_not_supported' },
      });
      await expect(claude.messages.create({ model: 'text-embedding-3-small', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
      expect(await lastUpstream().catch(() => null)).toEqual(before);
    });

    it('serves each model on its own kind of route, and a model the catalog says nothing about on both', async () => {
      await expect(openai.embeddings.create({ model: 'text-embedding-3-small', input: 'x' })).resolves.toMatchObject({ data: [{ embedding: expect.any(Array) }] });
      await expect(openai.embeddings.create({ model: 'unlabelled', input: 'x' })).resolves.toMatchObject({ object: 'list' });
      await expect(openai.chat.completions.create({ model: 'unlabelled', messages: [{ role: 'user', content: 'x' }] })).resolves.toMatchObject({ object: 'chat.completion' });
    });
  });

  describe('anthropic-beta', () => {
    const overBudget = { model: 'claude-sonnet-4', max_tokens: 4096, thinking: { type: 'enabled' as const, budget_tokens: 8192 }, messages: [{ role: 'user' as const, content: 'Plan a trip' }] };

    it('without interleaved thinking, a budget over max_tokens is a 400 before anything goes upstream', async () => {
      await expect(claude.messages.create(overBudget)).rejects.toMatchObject({ status: 400, error: { error: { message: expect.stringContaining('must be greater than thinking.budget_tokens') } } });
    });

    it('forwards allow-listed betas to Claude, so interleaved thinking may take a budget over max_tokens (the mock checks the header)', async () => {
      const message = await claude.beta.messages.create({ ...overBudget, betas: ['interleaved-thinking-2025-05-14', 'context-1m-2025-08-07', 'mcp-client-2025-04-04'] });
      expect(message.content[0]).toMatchObject({ type: 'thinking' });
      const upstream = await lastUpstream();
      expect(upstream.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14,context-1m-2025-08-07');
      expect(upstream.body).toMatchObject({ max_tokens: 4096, thinking: { budget_tokens: 8192 } });
    });

    it('takes the header from OpenAI clients too, and never sends it to OpenAI', async () => {
      await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }, { headers: { 'anthropic-beta': 'context-1m-2025-08-07' } });
      const upstream = await lastUpstream();
      expect(upstream.headers).not.toHaveProperty('anthropic-beta');
      expect(upstream.body).not.toHaveProperty('anthropic_beta');
    });
  });
});
