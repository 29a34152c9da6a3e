import Anthropic from '@anthropic-ai/sdk';
import { listenForTest, type RunningMockProvider } from '../testing/listen-for-test';

describe('Anthropic /v1/messages: citations', () => {
  let mock: RunningMockProvider;
  let client: Anthropic;

  beforeAll(async () => {
    mock = await listenForTest();
    client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: mock.baseUrl, maxRetries: 0 });
  });
  afterAll(() => mock.close());

  const textDocument = { type: 'document' as const, source: { type: 'text' as const, media_type: 'text/plain' as const, data: '  The grass is green. The sky is blue.' }, title: 'Colours', citations: { enabled: true } };
  const request = (document: Anthropic.DocumentBlockParam) => ({
    model: 'claude-mock-model',
    max_tokens: 256,
    messages: [{ role: 'user' as const, content: [document, { type: 'text' as const, text: 'What colour is the grass?' }] }],
  });
  const grassCitation = { type: 'char_location', cited_text: 'The grass is green. ', document_index: 0, document_title: 'Colours', start_char_index: 2, end_char_index: 22 };

  it("answers about a text document with citations enabled in three text blocks, the middle one quoting the document's first sentence with a char_location citation", async () => {
    const message = await client.messages.create(request(textDocument));
    expect(message.content).toEqual([
      { type: 'text', text: 'According to the document, ' },
      { type: 'text', text: 'The grass is green', citations: [grassCitation] },
      { type: 'text', text: '.' },
    ]);
    expect(textDocument.source.data.slice(grassCitation.start_char_index, grassCitation.end_char_index)).toBe(grassCitation.cited_text);
    expect(message.stop_reason).toBe('end_turn');
  });

  it('streams the same blocks: a cited block starts with citations: [] and gets its citations_delta before its text', async () => {
    const stream = await client.messages.create({ ...request(textDocument), stream: true });
    const cited: string[] = [];
    for await (const event of stream) {
      if (event.type === 'content_block_start' && event.index === 1) cited.push(`start ${JSON.stringify(event.content_block)}`);
      if (event.type === 'content_block_delta' && event.index === 1) cited.push(event.delta.type);
    }
    expect(cited[0]).toBe('start {"type":"text","text":"","citations":[]}');
    expect(cited.slice(1, 2)).toEqual(['citations_delta']);
    expect(new Set(cited.slice(2))).toEqual(new Set(['text_delta']));
    const final = await client.messages.stream(request(textDocument)).finalMessage();
    expect(final.content).toEqual((await client.messages.create(request(textDocument))).content);
  });

  it('cites a PDF by its pages, with the document index among all documents of the request', async () => {
    const pdf = { type: 'document' as const, source: { type: 'base64' as const, media_type: 'application/pdf' as const, data: 'JVBERi0xLjQK' }, title: 'Report', citations: { enabled: true } };
    const plainText = { ...textDocument, citations: { enabled: false } };
    const message = await client.messages.create({ ...request(pdf), messages: [{ role: 'user', content: [plainText, pdf, { type: 'text', text: 'Summarise.' }] }] });
    expect(message.content[1]).toMatchObject({ type: 'text', citations: [{ type: 'page_location', document_index: 1, document_title: 'Report', start_page_number: 1, end_page_number: 2 }] });
  });

  it('answers as usual when citations are not enabled, or with a tool call', async () => {
    const plain = await client.messages.create(request({ ...textDocument, citations: { enabled: false } }));
    expect(plain.content).toHaveLength(1);
    expect(plain.content[0]).not.toHaveProperty('citations');
    const tool = await client.messages.create({ ...request(textDocument), tools: [{ name: 'lookup', input_schema: { type: 'object' } }], tool_choice: { type: 'any' } });
    expect(tool.content.map((block) => block.type)).toEqual(['tool_use']);
  });
});
