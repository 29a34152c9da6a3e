import Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import type { StandaloneGateway } from '../test-support/standalone-gateway';
import { startTwoFormatGateway } from '../test-support/two-format-gateway';

const KEY = 'sk-sluice-extendedthinking0123456789abcdefgh';
const MODELS = { 'claude-sonnet-4': 'anthropic', 'o4-mini': 'openai', 'gpt-4o-mini': 'openai' } as const;

/** What LiteLLM-style OpenAI clients read and send back: Claude's reasoning next to the message. */
type ReasoningMessage = OpenAI.ChatCompletionMessage & { reasoning_content?: string; thinking_blocks?: Anthropic.ContentBlockParam[] };

describe('extended thinking and documents through the gateway (official SDKs, mock Claude that checks signatures)', () => {
  let gateway: StandaloneGateway;
  let claude: Anthropic;
  let openai: OpenAI;

  beforeAll(async () => {
    ({ gateway, claude } = await startTwoFormatGateway(KEY, { ...MODELS }));
    openai = gateway.client(KEY);
  });

  afterAll(() => gateway?.close());

  async function upstreamRequests(): Promise<Array<{ url: string; body: Record<string, unknown> }>> {
    const res = await fetch(`${gateway.mock.url}/_mock/requests`);
    return ((await res.json()) as { data: Array<{ url: string; body: Record<string, unknown> }> }).data;
  }
  const lastUpstreamBody = async () => (await upstreamRequests()).at(-1)!.body;

  const tools: Anthropic.Tool[] = [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
  const thinkingTurn = (content: string): Anthropic.MessageCreateParamsNonStreaming => ({
    model: 'claude-sonnet-4',
    max_tokens: 4096,
    thinking: { type: 'enabled', budget_tokens: 2048 },
    tools,
    messages: [{ role: 'user', content }],
  });
  const continuation = (turn: Anthropic.MessageCreateParamsNonStreaming, assistant: Anthropic.ContentBlockParam[], toolUseId: string): Anthropic.MessageCreateParamsNonStreaming => ({
    ...turn,
    messages: [...turn.messages, { role: 'assistant', content: assistant }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUseId, content: '18 °C' }] }],
  });

  describe('Anthropic SDK → Claude', () => {
    it('forwards thinking, returns the signed thinking block unchanged, and continues the tool-use turn with it', async () => {
      const turn = thinkingTurn('Weather in Paris?');
      const message = await claude.messages.create(turn);
      expect(await lastUpstreamBody()).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2048 }, max_tokens: 4096 });
      expect(message.content.map((b) => b.type)).toEqual(['thinking', 'tool_use']);
      expect(message.content[0]).toEqual({ type: 'thinking', thinking: 'Mock thinking about: Weather in Paris?', signature: expect.any(String) });

      const toolUse = message.content[1] as Anthropic.ToolUseBlock;
      // The mock answers 400 unless the thinking block comes back first with its own signature.
      const next = await claude.messages.create(continuation(turn, message.content as Anthropic.ContentBlockParam[], toolUse.id));
      expect(next.content).toEqual([{ type: 'text', text: 'Mock reply to: tool result: 18 °C' }]);
      expect(((await lastUpstreamBody()).messages as unknown[])[1]).toEqual({ role: 'assistant', content: message.content });
    });

    it('relays Claude refusing a tampered thinking block as an Anthropic 400', async () => {
      const turn = thinkingTurn('Weather in Rome?');
      const message = await claude.messages.create(turn);
      const [thinking, toolUse] = message.content as [Anthropic.ThinkingBlock, Anthropic.ToolUseBlock];
      const tampered = claude.messages.create(continuation(turn, [{ ...thinking, signature: `${thinking.signature.slice(0, -4)}AAA=` }, toolUse], toolUse.id));
      await expect(tampered).rejects.toMatchObject({ status: 400, error: { type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('Invalid `signature` in `thinking` block') } } });
    });

    it('streams content_block_start thinking, thinking_delta then signature_delta at index 0, the tool_use at index 1, and the stream continues the turn too', async () => {
      const turn = thinkingTurn('Weather in Oslo?');
      const stream = claude.messages.stream(turn);
      const events: Anthropic.RawMessageStreamEvent[] = [];
      stream.on('streamEvent', (event) => events.push(event));
      const final = await stream.finalMessage();
      const blockEvents = events.filter((e) => e.type.startsWith('content_block')).map((e) => {
        if (e.type === 'content_block_start') return `start ${e.index} ${e.content_block.type}`;
        if (e.type === 'content_block_delta') return `delta ${e.index} ${e.delta.type}`;
        return `stop ${(e as Anthropic.RawContentBlockStopEvent).index}`;
      });
      const distinct = blockEvents.filter((e, i) => e !== blockEvents[i - 1]);
      expect(distinct).toEqual(['start 0 thinking', 'delta 0 thinking_delta', 'delta 0 signature_delta', 'stop 0', 'start 1 tool_use', 'delta 1 input_json_delta', 'stop 1']);
      expect(final.content).toEqual((await claude.messages.create(turn)).content);

      const toolUse = final.content[1] as Anthropic.ToolUseBlock;
      const next = await claude.messages.stream(continuation(turn, final.content as Anthropic.ContentBlockParam[], toolUse.id)).finalMessage();
      expect(next.content).toEqual([{ type: 'text', text: 'Mock reply to: tool result: 18 °C' }]);
    });

    describe('interleaved thinking (beta): the blocks in Claude’s order both ways (the mock refuses a thinking block moved)', () => {
      const twoTools: Anthropic.Tool[] = [...tools, { name: 'get_time', input_schema: { type: 'object', properties: { zone: { type: 'string' } } } }];
      const turn: Anthropic.Beta.MessageCreateParamsNonStreaming = {
        ...thinkingTurn('Weather and time in Paris?'),
        tools: twoTools,
        tool_choice: { type: 'auto', disable_parallel_tool_use: false },
        betas: ['interleaved-thinking-2025-05-14'],
      };
      const interleaved = ['thinking', 'text', 'tool_use', 'thinking', 'tool_use'];
      const withResults = (assistant: Anthropic.Beta.BetaContentBlock[]): Anthropic.Beta.MessageCreateParamsNonStreaming => ({
        ...turn,
        messages: [
          ...turn.messages,
          { role: 'assistant', content: assistant as Anthropic.Beta.BetaContentBlockParam[] },
          { role: 'user', content: assistant.flatMap((b) => (b.type === 'tool_use' ? [{ type: 'tool_result' as const, tool_use_id: b.id, content: 'ok' }] : [])) },
        ],
      });

      it('a message comes back as Claude sent it, and continues the tool-use turn in that order', async () => {
        const message = await claude.beta.messages.create(turn);
        expect(message.content.map((b) => b.type)).toEqual(interleaved);
        expect(message.content[1]).toEqual({ type: 'text', text: 'I will call get_weather.' });
        const next = await claude.beta.messages.create(withResults(message.content));
        expect(next.content.map((b) => b.type)).toEqual(['thinking', 'text']);
        expect(((await lastUpstreamBody()).messages as unknown[])[1]).toEqual({ role: 'assistant', content: message.content });
      });

      it('a stream has Claude’s blocks at Claude’s indexes, and its final message continues the turn', async () => {
        const stream = claude.beta.messages.stream(turn);
        const starts: string[] = [];
        stream.on('streamEvent', (event) => {
          if (event.type === 'content_block_start') starts.push(`${event.index} ${event.content_block.type}`);
        });
        const final = await stream.finalMessage();
        expect(starts).toEqual(interleaved.map((type, index) => `${index} ${type}`));
        const next = await claude.beta.messages.stream({ ...withResults(final.content), stream: true }).finalMessage();
        expect(next.content.map((b) => b.type)).toEqual(['thinking', 'text']);
      });

      it('a Responses API client gets its output items in Claude’s order, plain and streamed, and sending them back continues the turn', async () => {
        const params: Omit<OpenAI.Responses.ResponseCreateParamsNonStreaming, 'stream'> = {
          model: 'claude-sonnet-4',
          max_output_tokens: 4096,
          reasoning: { effort: 'medium' },
          input: 'Weather and time in Paris?',
          tools: twoTools.map((t) => ({ type: 'function' as const, name: t.name, parameters: t.input_schema as Record<string, unknown>, strict: false })),
          parallel_tool_calls: true,
        };
        const beta = { headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14' } };
        const items = ['reasoning', 'message', 'function_call', 'reasoning', 'function_call'];
        const response = await openai.responses.create(params, beta);
        expect(response.output.map((item) => item.type)).toEqual(items);
        const streamed = await openai.responses.stream(params, beta).finalResponse();
        expect(streamed.output.map((item) => item.type)).toEqual(items);
        const results = response.output.flatMap((item) => (item.type === 'function_call' ? [{ type: 'function_call_output' as const, call_id: item.call_id, output: 'ok' }] : []));
        const next = await openai.responses.create({ ...params, input: [{ role: 'user', content: 'Weather and time in Paris?' }, ...(response.output as OpenAI.Responses.ResponseInputItem[]), ...results] }, beta);
        expect(next.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
      });

      it('an OpenAI client gets the same turn as before: reasoning_content, thinking_blocks, content and tool_calls', async () => {
        const completion = await openai.chat.completions.create(
          { model: 'claude-sonnet-4', max_tokens: 4096, reasoning_effort: 'medium', messages: [{ role: 'user', content: 'Weather and time in Paris?' }], tools: twoTools.map((t) => ({ type: 'function' as const, function: { name: t.name, parameters: t.input_schema } })), parallel_tool_calls: true },
          { headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14' } },
        );
        const message = completion.choices[0].message as ReasoningMessage;
        expect(Object.keys(message)).not.toContain('block_order');
        expect(message).toMatchObject({ content: 'I will call get_weather.', reasoning_content: expect.stringContaining('Mock thinking before calling get_time') });
        expect(message.thinking_blocks).toHaveLength(2);
        expect(message.tool_calls?.map((c) => (c as OpenAI.ChatCompletionMessageFunctionToolCall).function.name)).toEqual(['get_weather', 'get_time']);
      });
    });

    it('returns redacted_thinking blocks unchanged and takes them back', async () => {
      const turn: Anthropic.MessageCreateParamsNonStreaming = { model: 'claude-sonnet-4', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'Plan [mock-redacted-thinking]' }] };
      const message = await claude.messages.create(turn);
      expect(message.content.map((b) => b.type)).toEqual(['thinking', 'redacted_thinking', 'text']);
      const streamed = await claude.messages.stream(turn).finalMessage();
      expect(streamed.content).toEqual(message.content);
      const next = await claude.messages.create({ ...turn, messages: [...turn.messages, { role: 'assistant', content: message.content as Anthropic.ContentBlockParam[] }, { role: 'user', content: 'Go on' }] });
      expect(next.content.at(-1)).toEqual({ type: 'text', text: 'Mock reply to: Go on' });
    });

    it('counts thinking as output tokens, as Claude bills it', async () => {
      const plain = await claude.messages.create({ model: 'claude-sonnet-4', max_tokens: 4096, messages: [{ role: 'user', content: 'Count me' }] });
      const thought = await claude.messages.create({ model: 'claude-sonnet-4', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'Count me' }] });
      const thinkingText = (thought.content[0] as Anthropic.ThinkingBlock).thinking;
      expect(thought.usage.output_tokens).toBe(plain.usage.output_tokens + Math.ceil(thinkingText.length / 4));
      expect(thought.usage.input_tokens).toBe(plain.usage.input_tokens);
    });

    it('forwards thinking disabled', async () => {
      const message = await claude.messages.create({ model: 'claude-sonnet-4', max_tokens: 64, thinking: { type: 'disabled' }, messages: [{ role: 'user', content: 'No thinking' }] });
      expect(message.content.map((b) => b.type)).toEqual(['text']);
      expect((await lastUpstreamBody()).thinking).toEqual({ type: 'disabled' });
    });
  });

  describe("Anthropic's thinking rules: a 400 in the client's format before anything goes upstream", () => {
    it.each([
      [{ thinking: { type: 'enabled', budget_tokens: 512 } }, 'thinking.budget_tokens must be at least 1024; got 512.'],
      [{ thinking: { type: 'enabled', budget_tokens: 4096 } }, 'max_tokens (4096) must be greater than thinking.budget_tokens (4096): thinking counts towards max_tokens.'],
      [{ thinking: { type: 'enabled', budget_tokens: 1024 }, temperature: 0.5 }, 'temperature may only be 1 (or left unset) when thinking is enabled; got 0.5.'],
    ])('Anthropic SDK %j', async (extra, message) => {
      const before = (await upstreamRequests()).length;
      const call = claude.messages.create({ model: 'claude-sonnet-4', max_tokens: 4096, messages: [{ role: 'user', content: 'hi' }], ...(extra as object) });
      await expect(call).rejects.toMatchObject({ status: 400, error: { type: 'error', error: { type: 'invalid_request_error', message } } });
      expect((await upstreamRequests()).length).toBe(before);
    });

    it('OpenAI SDK: reasoning_effort with too small a max_tokens, or an unknown effort, for a Claude model', async () => {
      const before = (await upstreamRequests()).length;
      await expect(openai.chat.completions.create({ model: 'claude-sonnet-4', max_tokens: 500, reasoning_effort: 'low', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
        status: 400,
        error: { message: 'max_tokens must be greater than 1024 to use reasoning_effort with a Claude model (thinking counts towards max_tokens); got 500.', param: 'max_tokens' },
      });
      await expect(
        openai.chat.completions.create({ model: 'claude-sonnet-4', reasoning_effort: 'maximum' as 'high', messages: [{ role: 'user', content: 'hi' }] }),
      ).rejects.toMatchObject({ status: 400, error: { param: 'reasoning_effort' } });
      expect((await upstreamRequests()).length).toBe(before);
    });
  });

  describe('OpenAI SDK → Claude: reasoning_effort', () => {
    it('maps medium to a 2048-token budget and returns the thinking as reasoning_content, with thinking_blocks to send back', async () => {
      const params: OpenAI.ChatCompletionCreateParamsNonStreaming = {
        model: 'claude-sonnet-4',
        reasoning_effort: 'medium',
        messages: [{ role: 'user', content: 'Weather in Lima?' }],
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: tools[0].input_schema as Record<string, unknown> } }],
      };
      const completion = await openai.chat.completions.create(params);
      expect(await lastUpstreamBody()).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2048 }, max_tokens: 4096 + 2048 });
      const message = completion.choices[0].message as ReasoningMessage;
      expect(message.reasoning_content).toBe('Mock thinking about: Weather in Lima?');
      expect(message.thinking_blocks).toEqual([{ type: 'thinking', thinking: 'Mock thinking about: Weather in Lima?', signature: expect.any(String) }]);
      expect(completion.choices[0].finish_reason).toBe('tool_calls');

      // The next turn sends the assistant message back as received: Claude (the mock) checks the signature.
      const call = message.tool_calls![0];
      const next = await openai.chat.completions.create({
        ...params,
        messages: [...params.messages, message as OpenAI.ChatCompletionAssistantMessageParam, { role: 'tool', tool_call_id: call.id, content: '18 °C' }],
      });
      expect(next.choices[0].message.content).toBe('Mock reply to: tool result: 18 °C');
      expect(((await lastUpstreamBody()).messages as Array<{ content: unknown[] }>)[1].content[0]).toEqual(message.thinking_blocks![0]);
    });

    it('streams the thinking as delta.reasoning_content, and the signature in delta.thinking_blocks', async () => {
      const stream = await openai.chat.completions.create({ model: 'claude-sonnet-4', reasoning_effort: 'low', stream: true, messages: [{ role: 'user', content: 'Why is the sky blue?' }] });
      let reasoning = '';
      let content = '';
      const signatures: string[] = [];
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta as (OpenAI.ChatCompletionChunk.Choice.Delta & { reasoning_content?: string; thinking_blocks?: Array<{ signature?: string }> }) | undefined;
        reasoning += delta?.reasoning_content ?? '';
        content += delta?.content ?? '';
        signatures.push(...(delta?.thinking_blocks ?? []).map((b) => b.signature ?? ''));
      }
      expect(reasoning).toBe('Mock thinking about: Why is the sky blue?');
      expect(content).toBe('Mock reply to: Why is the sky blue?');
      expect(signatures).toHaveLength(1);
      expect(await lastUpstreamBody()).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 1024 } });
    });
  });

  describe('Anthropic SDK → an OpenAI reasoning model', () => {
    it('maps budget_tokens to reasoning_effort; no reasoning text comes back, so no thinking blocks', async () => {
      const message = await claude.messages.create({ model: 'o4-mini', max_tokens: 8000, thinking: { type: 'enabled', budget_tokens: 5000 }, messages: [{ role: 'user', content: 'Think hard' }] });
      const body = await lastUpstreamBody();
      expect(body.reasoning_effort).toBe('high');
      expect(body).not.toHaveProperty('thinking');
      expect(message.content.map((b) => b.type)).toEqual(['text']);
    });

    it('a model that cannot reason gets neither field', async () => {
      await claude.messages.create({ model: 'gpt-4o-mini', max_tokens: 8000, thinking: { type: 'enabled', budget_tokens: 5000 }, messages: [{ role: 'user', content: 'Think' }] });
      const body = await lastUpstreamBody();
      expect(body).not.toHaveProperty('reasoning_effort');
      expect(body).not.toHaveProperty('thinking');
    });
  });

  describe('documents and images inside tool results', () => {
    const pdf: Anthropic.DocumentBlockParam = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQK' }, title: 'Q3 report', citations: { enabled: true } };
    const textDocument: Anthropic.DocumentBlockParam = { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Revenue grew.' } };

    it('reach Claude unchanged', async () => {
      const message = await claude.messages.create({
        model: 'claude-sonnet-4',
        max_tokens: 64,
        tools,
        messages: [
          { role: 'user', content: [pdf, textDocument, { type: 'text', text: 'Summarise' }] },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }, pdf] }] },
        ],
      });
      expect(message.content[0]).toMatchObject({ type: 'text' });
      const body = await lastUpstreamBody();
      expect((body.messages as Array<{ content: unknown[] }>)[0].content).toEqual([pdf, textDocument, { type: 'text', text: 'Summarise' }]);
      expect((body.messages as Array<{ content: unknown[] }>)[2].content).toEqual([
        { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }, pdf] },
      ]);
    });

    it('reach an OpenAI model as a file part and text', async () => {
      await claude.messages.create({ model: 'gpt-4o-mini', max_tokens: 64, messages: [{ role: 'user', content: [pdf, textDocument, { type: 'text', text: 'Summarise' }] }] });
      expect(((await lastUpstreamBody()).messages as Array<{ content: unknown[] }>)[0].content).toEqual([
        { type: 'file', file: { filename: 'Q3 report', file_data: 'data:application/pdf;base64,JVBERi0xLjQK' } },
        { type: 'text', text: 'Revenue grew.' },
        { type: 'text', text: 'Summarise' },
      ]);
    });

    it('are a 400 naming the provider where it cannot take them', async () => {
      const urlDocument = claude.messages.create({ model: 'gpt-4o-mini', max_tokens: 64, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'url', url: 'https://docs.example/a.pdf' } }] }] });
      await expect(urlDocument).rejects.toMatchObject({
        status: 400,
        error: { error: { type: 'invalid_request_error', message: "Provider 'mock-openai' (openai) cannot take documents with a 'url' source; send a base64 PDF or a text document." } },
      });
      const toolImage = claude.messages.create({
        model: 'gpt-4o-mini',
        max_tokens: 64,
        tools,
        messages: [
          { role: 'user', content: 'Screenshot please' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }] }] },
        ],
      });
      await expect(toolImage).rejects.toMatchObject({ status: 400, error: { error: { message: expect.stringContaining("Provider 'mock-openai' (openai) cannot take images or documents inside tool results") } } });
    });
  });
});

describe('the exact cache keeps thinking blocks (stored from a message or a stream, replayed either way)', () => {
  const CACHED_KEY = 'sk-sluice-extendedthinkingcache0123456789ab';
  let gateway: StandaloneGateway;
  let claude: Anthropic;

  beforeAll(async () => {
    ({ gateway, claude } = await startTwoFormatGateway(CACHED_KEY, { 'claude-sonnet-4': 'anthropic' }, 'team: cached', 'teams:\n  - { name: cached, cache: { mode: exact, ttlSeconds: 60 } }'));
  });

  afterAll(() => gateway?.close());

  const turn = (content: string): Anthropic.MessageCreateParamsNonStreaming => ({
    model: 'claude-sonnet-4',
    max_tokens: 4096,
    thinking: { type: 'enabled', budget_tokens: 2048 },
    tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
    messages: [{ role: 'user', content }],
  });

  async function create(params: Anthropic.MessageCreateParamsNonStreaming): Promise<{ cache: string | null; message: Anthropic.Message }> {
    const { data, response } = await claude.messages.create(params).withResponse();
    return { cache: response.headers.get('x-sluice-cache'), message: data };
  }

  async function stream(params: Anthropic.MessageCreateParamsNonStreaming): Promise<{ cache: string | null; message: Anthropic.Message }> {
    const messageStream = claude.messages.stream(params);
    const { response } = await messageStream.withResponse();
    return { cache: response.headers.get('x-sluice-cache'), message: await messageStream.finalMessage() };
  }

  /** A streamed answer is stored off the response path, once complete: wait for it. */
  async function cachedMessage(params: Anthropic.MessageCreateParamsNonStreaming): Promise<Anthropic.Message> {
    for (let i = 0; i < 40; i++) {
      const probe = await create(params);
      if (probe.cache === 'hit') return probe.message;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the streamed answer was never cached');
  }

  it('a cached message replays its signed thinking block, as a message and as a stream', async () => {
    const params = turn('Cached weather in Paris?');
    const first = await create(params);
    expect(first.cache).toBe('miss');
    expect(first.message.content[0]).toMatchObject({ type: 'thinking', signature: expect.any(String) });
    const again = await create(params);
    expect(again).toEqual({ cache: 'hit', message: expect.objectContaining({ content: first.message.content }) });
    const streamed = await stream(params);
    expect(streamed.cache).toBe('hit');
    expect(streamed.message.content).toEqual(first.message.content);
  });

  it('a streamed answer is stored with its thinking, and what the cache gives back still continues the tool-use turn', async () => {
    const params = turn('Cached weather in Oslo?');
    const first = await stream(params);
    expect(first.cache).toBe('miss');
    const replayed = await cachedMessage(params);
    expect(replayed.content).toEqual(first.message.content);
    const toolUse = replayed.content.find((b) => b.type === 'tool_use') as Anthropic.ToolUseBlock;
    const next = await claude.messages.create({
      ...params,
      messages: [...params.messages, { role: 'assistant', content: replayed.content as Anthropic.ContentBlockParam[] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '2 °C' }] }],
    });
    expect(next.content).toEqual([{ type: 'text', text: 'Mock reply to: tool result: 2 °C' }]);
  });
});
