import Anthropic from '@anthropic-ai/sdk';
import { startStandaloneGateway, type StandaloneGateway } from '../test-support/standalone-gateway';

const KEY = 'sk-sluice-anthropicsdkcompat0123456789abcdef';

describe('what the official Anthropic SDK sends and reads, through the gateway (real Redis, mock provider)', () => {
  let gateway: StandaloneGateway;
  let claude: Anthropic;

  beforeAll(async () => {
    gateway = await startStandaloneGateway(
      (mockUrl) => `
version: 1
providers:
  - { name: mock-openai, type: openai, base_url: ${mockUrl}/v1, api_key: k }
  - { name: mock-anthropic, type: anthropic, base_url: ${mockUrl}, api_key: k }
models:
  - { name: gpt-4o-mini, deployments: [{ provider: mock-openai, model: gpt-4o-mini }] }
  - { name: claude-3-5-haiku, deployments: [{ provider: mock-anthropic, model: claude-3-5-haiku }] }
keys:
  - { name: app, key: ${KEY} }
`,
    );
    claude = new Anthropic({ baseURL: gateway.url, apiKey: KEY, maxRetries: 0 });
  });

  afterAll(() => gateway?.close());

  async function lastUpstreamBody(): Promise<{ messages: unknown[] }> {
    const res = await fetch(`${gateway.mock.url}/_mock/requests`);
    return ((await res.json()) as { data: Array<{ body: { messages: unknown[] } }> }).data.at(-1)!.body;
  }

  const failedToolTurn = (model: string): Anthropic.MessageCreateParamsNonStreaming => ({
    model,
    max_tokens: 32,
    tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
    messages: [
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'weather service unavailable', is_error: true }] },
    ],
  });

  it('a tool_result with is_error: true reaches an Anthropic upstream with the flag', async () => {
    await claude.messages.create(failedToolTurn('claude-3-5-haiku'));
    expect((await lastUpstreamBody()).messages.at(-1)).toEqual({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'weather service unavailable', is_error: true }],
    });
  });

  it('… and an OpenAI upstream as a tool message that starts with "Error: "', async () => {
    await claude.messages.create(failedToolTurn('gpt-4o-mini'));
    expect((await lastUpstreamBody()).messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'toolu_01', content: 'Error: weather service unavailable' });
  });
});
