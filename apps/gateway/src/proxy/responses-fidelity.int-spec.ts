import OpenAI from 'openai';
import type { StandaloneGateway } from '../test-support/standalone-gateway';
import { startTwoFormatGateway } from '../test-support/two-format-gateway';

const KEY = 'sk-sluice-responsesfidelity0123456789abcdef';
const MODELS = { 'claude-sonnet-4': 'anthropic', 'claude-drop': 'anthropic', 'gpt-4o-mini': 'openai', 'gpt-drop': 'openai' } as const;

type Recorded = { url: string; headers: Record<string, string>; body: Record<string, unknown> };

describe('Responses API through the gateway with the official openai SDK (mock OpenAI and Claude)', () => {
  let gateway: StandaloneGateway;
  let openai: OpenAI;

  beforeAll(async () => {
    ({ gateway } = await startTwoFormatGateway(KEY, { ...MODELS }));
    openai = gateway.client(KEY);
    // Both break off after a few stream events, once the gateway has started answering.
    await gateway.mock.configure({ models: { 'claude-drop': { dropAfterChunks: 4 }, 'gpt-drop': { dropAfterChunks: 2 } } });
  });

  afterAll(() => gateway?.close());

  async function lastUpstream(): Promise<Recorded> {
    const res = await fetch(`${gateway.mock.url}/_mock/requests`);
    return ((await res.json()) as { data: Recorded[] }).data.at(-1)!;
  }

  const tools: OpenAI.Responses.Tool[] = [
    { type: 'function', name: 'get_weather', strict: false, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  ];

  describe("Claude's reasoning", () => {
    it('comes back as reasoning items whose encrypted_content continues the tool-use turn (the mock checks the signature)', async () => {
      const first = await openai.responses.create({ model: 'claude-sonnet-4', input: 'Weather in Paris?', tools, reasoning: { effort: 'medium' }, max_output_tokens: 8000 });
      expect(await lastUpstream()).toMatchObject({ body: { thinking: { type: 'enabled', budget_tokens: 2048 }, max_tokens: 8000 } });
      expect(first.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
      const reasoning = first.output[0] as OpenAI.Responses.ResponseReasoningItem;
      expect(reasoning.summary).toEqual([{ type: 'summary_text', text: 'Mock thinking about: Weather in Paris?' }]);
      expect(reasoning.encrypted_content).toEqual(expect.any(String));
      expect(first).toMatchObject({ reasoning: { effort: 'medium' }, store: false, status: 'completed' });

      const call = first.output[1] as OpenAI.Responses.ResponseFunctionToolCall;
      const next = await openai.responses.create({
        model: 'claude-sonnet-4',
        tools,
        reasoning: { effort: 'medium' },
        max_output_tokens: 8000,
        input: [{ role: 'user', content: 'Weather in Paris?' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: call.call_id, output: '18 °C' }],
      });
      expect(next.output_text).toBe('Mock reply to: tool result: 18 °C');
      const upstream = await lastUpstream();
      expect((upstream.body.messages as { content: unknown[] }[])[1].content[0]).toMatchObject({ type: 'thinking', thinking: 'Mock thinking about: Weather in Paris?' });
    });

    it("streams as reasoning_summary events the SDK's stream helper assembles into the same items", async () => {
      const events: string[] = [];
      const stream = openai.responses.stream({ model: 'claude-sonnet-4', input: 'Weather in Lyon?', tools, reasoning: { effort: 'low' } });
      stream.on('event', (event) => events.push(event.type));
      const final = await stream.finalResponse();
      expect(events).toEqual(expect.arrayContaining(['response.reasoning_summary_part.added', 'response.reasoning_summary_text.delta', 'response.reasoning_summary_text.done']));
      expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
      expect((final.output[0] as OpenAI.Responses.ResponseReasoningItem).summary[0].text).toBe('Mock thinking about: Weather in Lyon?');
    });
  });

  describe('a stream that breaks off', () => {
    it.each(['claude-drop', 'gpt-drop'])('%s: ends with response.failed, which the SDK iterates and finalResponse() returns', async (model) => {
      const seen: OpenAI.Responses.ResponseStreamEvent[] = [];
      for await (const event of await openai.responses.create({ model, input: 'Tell me a long story', stream: true })) seen.push(event);
      const failed = seen.at(-1)!;
      expect(failed.type).toBe('response.failed');
      expect(seen.map((e) => e.sequence_number)).toEqual(seen.map((_, i) => i));
      if (failed.type !== 'response.failed') return;
      expect(failed.response).toMatchObject({ status: 'failed', error: { code: 'server_error', message: expect.stringContaining('stream broke off') } });

      const final = await openai.responses.stream({ model, input: 'Tell me a long story' }).finalResponse();
      expect(final).toMatchObject({ status: 'failed', error: { code: 'server_error' } });
    });
  });

  describe('request fields', () => {
    it('passes service_tier, prompt_cache_key and safety_identifier to OpenAI, not store, and echoes them with store: false', async () => {
      const response = await openai.responses.create({
        model: 'gpt-4o-mini',
        input: 'Hi',
        instructions: 'Be brief.',
        service_tier: 'flex',
        prompt_cache_key: 'tenant-7',
        safety_identifier: 'user-42',
        store: true,
        metadata: { app: 'fidelity' },
        temperature: 0.5,
      });
      const upstream = await lastUpstream();
      expect(upstream.url).toContain('/chat/completions');
      expect(upstream.body).toMatchObject({ service_tier: 'flex', prompt_cache_key: 'tenant-7', safety_identifier: 'user-42' });
      expect(upstream.body).not.toHaveProperty('store');
      expect(response).toMatchObject({
        instructions: 'Be brief.',
        prompt_cache_key: 'tenant-7',
        safety_identifier: 'user-42',
        store: false,
        metadata: { app: 'fidelity' },
        temperature: 0.5,
        tools: [],
        tool_choice: 'auto',
        service_tier: expect.any(String),
      });
    });

    it('gives Claude the end user as metadata.user_id', async () => {
      await openai.responses.create({ model: 'claude-sonnet-4', input: 'Hi', safety_identifier: 'user-42' });
      expect((await lastUpstream()).body).toMatchObject({ metadata: { user_id: 'user-42' } });
    });

    it('refuses previous_response_id and item references with a 400 saying nothing is stored', async () => {
      await expect(openai.responses.create({ model: 'gpt-4o-mini', input: 'And then?', previous_response_id: 'resp_123' })).rejects.toMatchObject({
        status: 400,
        error: { type: 'invalid_request_error', param: 'previous_response_id', message: expect.stringContaining('does not store responses') },
      });
      await expect(openai.responses.create({ model: 'gpt-4o-mini', input: [{ type: 'item_reference', id: 'msg_1' }] })).rejects.toMatchObject({ status: 400 });
    });
  });
});
