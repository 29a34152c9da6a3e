import Anthropic from '@anthropic-ai/sdk';
import { listenForTest, type RunningMockProvider } from '../testing/listen-for-test';

describe('Anthropic prompt caching on the mock', () => {
  let mock: RunningMockProvider;
  let client: Anthropic;

  beforeAll(async () => {
    mock = await listenForTest();
    client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: mock.baseUrl, maxRetries: 0 });
  });
  afterAll(() => mock.close());

  const ephemeral = { type: 'ephemeral' as const };
  const system = (text: string, cache_control: Anthropic.CacheControlEphemeral = ephemeral): Anthropic.TextBlockParam[] => [{ type: 'text', text, cache_control }];

  it('writes a marked prefix of 1024+ tokens, then reads it; input_tokens leaves both out', async () => {
    const request = { model: 'claude-mock', max_tokens: 32, system: system('Policy. '.repeat(600)), messages: [{ role: 'user' as const, content: 'First question' }] };
    const first = (await client.messages.create(request)).usage;
    expect(first.cache_creation_input_tokens).toBeGreaterThanOrEqual(1024);
    expect(first).toMatchObject({ cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: first.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 } });
    const second = (await client.messages.create({ ...request, messages: [{ role: 'user', content: 'Another question' }] })).usage;
    expect(second).toMatchObject({ cache_read_input_tokens: first.cache_creation_input_tokens, cache_creation_input_tokens: 0, input_tokens: first.input_tokens });
  });

  it('reports a 1-hour write under ephemeral_1h_input_tokens, in the stream too', async () => {
    const stream = await client.messages.create({ model: 'claude-mock', max_tokens: 32, stream: true, system: system('Hourly. '.repeat(600), { type: 'ephemeral', ttl: '1h' }), messages: [{ role: 'user', content: 'Q' }] });
    let usage: Anthropic.Usage | undefined;
    for await (const event of stream) if (event.type === 'message_start') usage = event.message.usage;
    expect(usage!.cache_creation_input_tokens).toBeGreaterThanOrEqual(1024);
    expect(usage!.cache_creation).toEqual({ ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: usage!.cache_creation_input_tokens });
  });

  it("an agent loop whose marker moves to its newest tool result reads the previous turn's prefix and writes only the new part", async () => {
    const file = (name: string) => `// ${name}\n${'export const value = 1;\n'.repeat(200)}`;
    const turn = (id: string, marked: boolean): Anthropic.MessageParam[] => [
      { role: 'assistant', content: [{ type: 'tool_use', id, name: 'read_file', input: { path: id } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: file(id), ...(marked ? { cache_control: ephemeral } : {}) }] },
    ];
    const base = { model: 'claude-mock', max_tokens: 32, tools: [{ name: 'read_file', input_schema: { type: 'object' as const } }] };
    const first = (await client.messages.create({ ...base, messages: [{ role: 'user', content: 'Read the files.' }, ...turn('toolu_a', true)] })).usage;
    expect(first.cache_creation_input_tokens).toBeGreaterThanOrEqual(1024);
    const next = { ...base, messages: [{ role: 'user' as const, content: 'Read the files.' }, ...turn('toolu_a', false), ...turn('toolu_b', true)] };
    const second = (await client.messages.create(next)).usage;
    expect(second.cache_read_input_tokens).toBe(first.cache_creation_input_tokens);
    expect(second.cache_creation_input_tokens).toBeGreaterThan(0);
    const { input_tokens: whole } = await client.messages.countTokens(next);
    expect(second.input_tokens + second.cache_read_input_tokens! + second.cache_creation_input_tokens!).toBe(whole);
  });

  it('leaves usage without cache_creation when nothing is marked, and caches nothing under 1024 tokens', async () => {
    const plain = (await client.messages.create({ model: 'claude-mock', max_tokens: 16, messages: [{ role: 'user', content: 'Hello' }] })).usage;
    expect(plain).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    expect(plain.cache_creation).toBeUndefined();
    const short = (await client.messages.create({ model: 'claude-mock', max_tokens: 16, system: system('Short.'), messages: [{ role: 'user', content: 'Hello' }] })).usage;
    expect(short).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
  });

  it("refuses what Anthropic refuses: a fifth marker, an unknown TTL, a 1-hour marker after a 5-minute one", async () => {
    const text = (n: number): Anthropic.TextBlockParam => ({ type: 'text', text: `part ${n}`, cache_control: ephemeral });
    const five = client.messages.create({ model: 'claude-mock', max_tokens: 16, system: [1, 2, 3, 4, 5].map(text), messages: [{ role: 'user', content: 'Hi' }] });
    await expect(five).rejects.toMatchObject({ status: 400, error: { error: { type: 'invalid_request_error', message: 'A maximum of 4 blocks with cache_control may be provided. Found 5.' } } });
    const badTtl = { model: 'claude-mock', max_tokens: 16, system: [{ type: 'text', text: 'x', cache_control: { type: 'ephemeral', ttl: '2h' } }], messages: [{ role: 'user', content: 'Hi' }] };
    await expect(client.messages.create(badTtl as unknown as Anthropic.MessageCreateParamsNonStreaming)).rejects.toMatchObject({ status: 400, error: { error: { message: "system.0.cache_control.ttl: Input should be '5m' or '1h'" } } });
    const order = client.messages.create({
      model: 'claude-mock',
      max_tokens: 16,
      system: system('Rules'),
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral', ttl: '1h' } }] }],
    });
    await expect(order).rejects.toMatchObject({ status: 400, error: { error: { message: expect.stringMatching(/^messages\.0\.content\.0: a ttl='1h' cache_control block must not come after a ttl='5m'/) } } });
  });
});
