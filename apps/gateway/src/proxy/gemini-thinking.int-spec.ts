import Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { startStandaloneGateway, type StandaloneGateway } from '../test-support/standalone-gateway';

const KEY = 'sk-sluice-geminithinking0123456789abcdefghij';
const QUESTION = 'Why is the sky blue?';
const THOUGHT = `Mock thought summary about: ${QUESTION}`;
const ANSWER = `Mock reply to: ${QUESTION}`;

/** What OpenAI-format clients read next to the message (DeepSeek's and LiteLLM's field). */
type ReasoningMessage = OpenAI.ChatCompletionMessage & { reasoning_content?: string };
type ReasoningDelta = OpenAI.ChatCompletionChunk.Choice.Delta & { reasoning_content?: string };

describe('Gemini thinking through the gateway (official SDKs, mock Gemini that thinks as thinkingConfig says)', () => {
  let gateway: StandaloneGateway;
  let openai: OpenAI;
  let claudeClient: Anthropic;

  beforeAll(async () => {
    gateway = await startStandaloneGateway(
      (mockUrl) => `
version: 1
providers:
  - { name: mock-gemini, type: gemini, base_url: ${mockUrl}, api_key: k }
models:
  - { name: gemini-2.5-flash, deployments: [{ provider: mock-gemini, model: gemini-2.5-flash }] }
keys:
  - { name: app, key: ${KEY} }
`,
    );
    openai = gateway.client(KEY);
    claudeClient = new Anthropic({ baseURL: gateway.url, apiKey: KEY, maxRetries: 0 });
  });

  afterAll(() => gateway?.close());

  async function lastUpstreamBody(): Promise<{ generationConfig?: Record<string, unknown> }> {
    const res = await fetch(`${gateway.mock.url}/_mock/requests`);
    return ((await res.json()) as { data: Array<{ body: { generationConfig?: Record<string, unknown> } }> }).data.at(-1)!.body;
  }

  const ask = { model: 'gemini-2.5-flash', messages: [{ role: 'user' as const, content: QUESTION }] };

  it('OpenAI SDK: reasoning_effort sets the thinking budget; the thought summary comes back as reasoning_content, its tokens as reasoning_tokens', async () => {
    const plain = await openai.chat.completions.create(ask);
    const completion = await openai.chat.completions.create({ ...ask, reasoning_effort: 'low' });
    expect((await lastUpstreamBody()).generationConfig).toMatchObject({ thinkingConfig: { thinkingBudget: 1024, includeThoughts: true } });
    expect(completion.choices[0].message as ReasoningMessage).toMatchObject({ content: ANSWER, reasoning_content: THOUGHT });
    const reasoningTokens = completion.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    expect(reasoningTokens).toBeGreaterThan(0);
    // Thinking is billed as output: the answer's tokens plus the thoughts'.
    expect(completion.usage?.completion_tokens).toBe((plain.usage?.completion_tokens ?? 0) + reasoningTokens);
    expect(plain.choices[0].message).not.toHaveProperty('reasoning_content');
  });

  it('OpenAI SDK: streamed, the thought summary arrives as delta.reasoning_content before the answer, and the usage chunk has reasoning_tokens', async () => {
    const stream = await openai.chat.completions.create({ ...ask, reasoning_effort: 'medium', stream: true, stream_options: { include_usage: true } });
    const pieces: string[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as ReasoningDelta | undefined;
      if (delta?.reasoning_content) pieces.push(`reasoning:${delta.reasoning_content}`);
      if (delta?.content) pieces.push(`content:${delta.content}`);
      usage = chunk.usage ?? usage;
    }
    expect(pieces[0]).toBe(`reasoning:${THOUGHT}`);
    expect(pieces.slice(1).every((p) => p.startsWith('content:'))).toBe(true);
    expect(pieces.slice(1).map((p) => p.slice('content:'.length)).join('')).toBe(ANSWER);
    expect(usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
  });

  it("OpenAI SDK: reasoning_effort 'none' turns thinking off (budget 0): no reasoning_content, no reasoning tokens", async () => {
    const completion = await openai.chat.completions.create({ ...ask, reasoning_effort: 'none' as OpenAI.ReasoningEffort });
    expect((await lastUpstreamBody()).generationConfig).toMatchObject({ thinkingConfig: { thinkingBudget: 0 } });
    expect(completion.choices[0].message).not.toHaveProperty('reasoning_content');
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens ?? 0).toBe(0);
  });

  it('Anthropic SDK: thinking on a Gemini model comes back as a thinking block before the text, in a message and in a stream', async () => {
    const request: Anthropic.MessageCreateParamsNonStreaming = { ...ask, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 } };
    const message = await claudeClient.messages.create(request);
    expect((await lastUpstreamBody()).generationConfig).toMatchObject({ thinkingConfig: { thinkingBudget: 2048, includeThoughts: true } });
    expect(message.content).toEqual([{ type: 'thinking', thinking: THOUGHT }, { type: 'text', text: ANSWER }]);
    const streamed = await claudeClient.messages.stream(request).finalMessage();
    expect(streamed.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    expect(streamed.content[0]).toMatchObject({ thinking: THOUGHT });
  });
});
