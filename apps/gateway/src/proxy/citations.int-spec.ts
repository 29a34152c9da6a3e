import type Anthropic from '@anthropic-ai/sdk';
import type { StandaloneGateway } from '../test-support/standalone-gateway';
import { startTwoFormatGateway } from '../test-support/two-format-gateway';

const KEY = 'sk-sluice-claudecitations0123456789abcdefgh';
const CACHED_KEY = 'sk-sluice-claudecitationscache0123456789ab';

const DOCUMENT = 'The grass is green. The sky is blue.';
const citation = { type: 'char_location', cited_text: 'The grass is green. ', document_index: 0, document_title: 'Colours', start_char_index: 0, end_char_index: 20 };
/** The mock provider's answer about a document with citations enabled (see its README): Claude's three text blocks. */
const claudeBlocks = [
  { type: 'text', text: 'According to the document, ' },
  { type: 'text', text: 'The grass is green', citations: [citation] },
  { type: 'text', text: '.' },
];

const ask = (question: string): Anthropic.MessageCreateParamsNonStreaming => ({
  model: 'claude-sonnet-4-5',
  max_tokens: 256,
  messages: [
    {
      role: 'user',
      content: [
        { type: 'document', source: { type: 'text', media_type: 'text/plain', data: DOCUMENT }, title: 'Colours', citations: { enabled: true } },
        { type: 'text', text: question },
      ],
    },
  ],
});

describe("Claude's citations reach clients through the gateway (real Redis, mock provider, official SDKs)", () => {
  let gateway: StandaloneGateway;
  let claude: Anthropic;

  beforeAll(async () => {
    ({ gateway, claude } = await startTwoFormatGateway(KEY, { 'claude-sonnet-4-5': 'anthropic' }));
  });

  afterAll(() => gateway?.close());

  it("an Anthropic SDK client gets Claude's text blocks with their citations", async () => {
    const message = await claude.messages.create(ask('What colour is the grass?'));
    expect(message.content).toEqual(claudeBlocks);
  });

  it('… streamed too: the cited block starts with citations: [] and its citations_delta comes before its text (finalMessage() assembles the same blocks)', async () => {
    const stream = claude.messages.stream(ask('What colour is the grass, streamed?'));
    const cited: string[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_start' && event.index === 1) cited.push(JSON.stringify(event.content_block));
      if (event.type === 'content_block_delta' && event.index === 1) cited.push(event.delta.type);
    });
    const final = await stream.finalMessage();
    expect(final.content).toEqual(claudeBlocks);
    expect(cited[0]).toBe('{"type":"text","text":"","citations":[]}');
    expect(cited[1]).toBe('citations_delta');
    expect(cited.slice(2).every((type) => type === 'text_delta')).toBe(true);
  });

  it('an OpenAI SDK client gets them as the message\'s `citations` (ranges of its content), and as `delta.citations` in a stream', async () => {
    const openAi = gateway.client(KEY);
    // The Anthropic document block as an OpenAI-format client sends it (a Sluice extension content part).
    const messages = ask('Which colour, OpenAI?').messages as unknown as Parameters<typeof openAi.chat.completions.create>[0]['messages'];
    const completion = await openAi.chat.completions.create({ model: 'claude-sonnet-4-5', messages });
    const message = completion.choices[0].message as typeof completion.choices[0]['message'] & { citations?: { start: number; end: number; citations: unknown[] }[] };
    expect(message.content).toBe('According to the document, The grass is green.');
    expect(message.citations).toEqual([{ start: 27, end: 45, citations: [citation] }]);
    expect(message.content!.slice(27, 45)).toBe('The grass is green');

    const stream = await openAi.chat.completions.create({ model: 'claude-sonnet-4-5', messages, stream: true });
    let text = '';
    const starts: unknown[] = [];
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string | null; citations?: unknown[] } | undefined;
      starts.push(...(delta?.citations ?? []));
      text += delta?.content ?? '';
    }
    expect(text).toBe(message.content);
    expect(starts).toEqual([
      { start: 27, citations: [] },
      { start: 27, citations: [citation] },
      { start: 45, citations: [] },
    ]);
  });
});

describe('the exact cache keeps citations (stored from a message or a stream, replayed either way)', () => {
  let gateway: StandaloneGateway;
  let claude: Anthropic;

  beforeAll(async () => {
    ({ gateway, claude } = await startTwoFormatGateway(CACHED_KEY, { 'claude-sonnet-4-5': 'anthropic' }, 'team: cached', 'teams:\n  - { name: cached, cache: { mode: exact, ttlSeconds: 60 } }'));
  });

  afterAll(() => gateway?.close());

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

  it('a cached message replays its cited blocks, as a message and as a stream', async () => {
    const params = ask('Cached: what colour is the grass?');
    const first = await create(params);
    expect(first).toEqual({ cache: 'miss', message: expect.objectContaining({ content: claudeBlocks }) });
    expect(await create(params)).toEqual({ cache: 'hit', message: expect.objectContaining({ content: claudeBlocks }) });
    const streamed = await stream(params);
    expect(streamed.cache).toBe('hit');
    expect(streamed.message.content).toEqual(claudeBlocks);
  });

  it('a streamed answer is stored with its citations and replays them', async () => {
    const params = ask('Cached stream: what colour is the grass?');
    const first = await stream(params);
    expect(first.cache).toBe('miss');
    expect(first.message.content).toEqual(claudeBlocks);
    expect((await cachedMessage(params)).content).toEqual(claudeBlocks);
    const again = await stream(params);
    expect(again.cache).toBe('hit');
    expect(again.message.content).toEqual(claudeBlocks);
  });
});
