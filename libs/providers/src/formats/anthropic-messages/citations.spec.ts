import type { AnthropicContentBlock, AnthropicMessage, AnthropicStreamEvent, OpenAiChatChunk, OpenAiChatCompletion } from '@sluice/contracts';
import { anthropicAdapter } from '../../anthropic/anthropic.adapter';
import { fixtureJson, fixtureText, translateThreeWays } from '../../testing/fixtures';
import { targetFor } from '../../testing/targets';
import { asOpenAiChatCompletion } from '../openai-chat/openai-chat-shape';
import { AnthropicSseWriter } from './anthropic-sse.writer';
import { canonicalToAnthropicResponse } from './canonical-response.to-anthropic';

const anthropicDir = `${__dirname}/../../anthropic`;
const target = targetFor('anthropic', { upstreamModel: 'claude-sonnet-4-5-20250929' });
const recorded = fixtureJson<AnthropicMessage>(anthropicDir, 'message-citations-response.json');
const [, grassBlock, , skyBlock] = recorded.content as Extract<AnthropicContentBlock, { type: 'text' }>[];
const streamBytes = new TextEncoder().encode(fixtureText(anthropicDir, 'stream-citations.sse'));

/** What the Anthropic SDK's MessageStream makes of the events (content_block_start as sent, deltas appended). */
function fold(events: AnthropicStreamEvent[]): AnthropicContentBlock[] {
  const content: AnthropicContentBlock[] = [];
  for (const event of events) {
    if (event.type === 'content_block_start') content[event.index] = { ...event.content_block };
    if (event.type !== 'content_block_delta') continue;
    const block = content[event.index] as Record<string, unknown>;
    if (event.delta.type === 'text_delta') block.text = `${block.text as string}${event.delta.text}`;
    if (event.delta.type === 'citations_delta') block.citations = [...((block.citations as unknown[] | null) ?? []), event.delta.citation];
  }
  return content;
}

function writeAll(chunks: OpenAiChatChunk[]): AnthropicStreamEvent[] {
  const writer = new AnthropicSseWriter('claude');
  return [...chunks.flatMap((chunk) => writer.push(chunk)), ...writer.end()];
}

function recordedEvents(): AnthropicStreamEvent[] {
  return fixtureText(anthropicDir, 'stream-citations.sse')
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as AnthropicStreamEvent)
    .filter((event) => event.type !== 'ping');
}

describe('Claude citations', () => {
  it('keeps the text blocks joined in content and each cited block as a range of it with its citations', () => {
    const message = anthropicAdapter.chat.parseResponse(recorded, target).choices[0].message;
    expect(message.content).toBe('According to the document, the grass is green and the sky is blue.');
    expect(message.citations).toEqual([
      { start: 27, end: 45, citations: grassBlock.citations },
      { start: 50, end: 65, citations: skyBlock.citations },
    ]);
    expect(message.content!.slice(27, 45)).toBe('the grass is green');
    expect(message.content!.slice(50, 65)).toBe('the sky is blue');
    expect(message.block_order).toBeUndefined();
  });

  it("gives an Anthropic client Claude's text blocks back, with their citations", () => {
    const canonical = anthropicAdapter.chat.parseResponse(recorded, target);
    expect(canonicalToAnthropicResponse(canonical).content).toEqual(recorded.content);
  });

  it('gives an OpenAI-format client the citations on the message', () => {
    const openAi = asOpenAiChatCompletion(anthropicAdapter.chat.parseResponse(recorded, target));
    expect(openAi.choices[0].message.citations).toHaveLength(2);
    expect(openAi.choices[0].message.citations![1].citations[1]).toEqual({ type: 'page_location', cited_text: 'Skies are blue on clear days.', document_index: 1, document_title: 'Atlas', start_page_number: 1, end_page_number: 2 });
  });

  it('streams each citations_delta with the start of its text block, and a start without citations where Claude began another text block', () => {
    const [whole, bytewise, sliced] = translateThreeWays(() => anthropicAdapter.chat.createStreamTranslator(target), streamBytes);
    expect(bytewise).toEqual(whole);
    expect(sliced).toEqual(whole);
    const pieces = whole.flatMap((chunk) => chunk.choices.map((choice) => choice.delta)).filter((delta) => delta.citations || delta.content);
    expect(pieces.map((delta) => delta.citations ?? delta.content)).toEqual([
      'According to ',
      'the document, ',
      [{ start: 27, citations: [] }],
      [{ start: 27, citations: [grassBlock.citations![0]] }],
      'the grass',
      ' is green',
      [{ start: 45, citations: [] }],
      ' and ',
      [{ start: 50, citations: [] }],
      [{ start: 50, citations: [skyBlock.citations![0]] }],
      [{ start: 50, citations: [skyBlock.citations![1]] }],
      'the sky',
      ' is blue',
      [{ start: 65, citations: [] }],
      '.',
    ]);
  });

  it("writes Claude's stream back to an Anthropic client event for event: text blocks started with citations: [], citations_delta before text_delta", () => {
    const chunks = translateThreeWays(() => anthropicAdapter.chat.createStreamTranslator(target), streamBytes)[0];
    const events = writeAll(chunks);
    const blockEvents = (list: AnthropicStreamEvent[]) => list.filter((event) => event.type.startsWith('content_block'));
    expect(blockEvents(events)).toEqual(blockEvents(recordedEvents()));
    expect(fold(events)).toEqual(recorded.content);
  });

  it('streams a canonical completion with citations (a cache replay) as the same blocks', () => {
    const canonical = anthropicAdapter.chat.parseResponse(recorded, target);
    const message = canonical.choices[0].message;
    // Chunks as completionToChunks makes them: a start at each range's edges, text pieces between.
    const chunk = (delta: OpenAiChatChunk['choices'][number]['delta']): OpenAiChatChunk => ({ id: 'msg_1', object: 'chat.completion.chunk', created: 1, model: 'claude', choices: [{ index: 0, delta, finish_reason: null }] });
    const text = message.content!;
    const chunks = [
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: text.slice(0, 27) }),
      chunk({ citations: [{ start: 27, citations: message.citations![0].citations }] }),
      chunk({ content: text.slice(27, 45) }),
      chunk({ citations: [{ start: 45, citations: [] }] }),
      chunk({ content: text.slice(45, 50) }),
      chunk({ citations: [{ start: 50, citations: message.citations![1].citations }] }),
      chunk({ content: text.slice(50, 65) }),
      chunk({ citations: [{ start: 65, citations: [] }] }),
      chunk({ content: text.slice(65) }),
    ];
    expect(fold(writeAll(chunks))).toEqual(recorded.content);
  });

  it('keeps interleaved thinking in its order and cuts its text slots at the citations', () => {
    const thinking = { type: 'thinking' as const, thinking: 'Look in the document.', signature: 'sig' };
    const claude: AnthropicMessage = { ...recorded, content: [thinking, ...recorded.content.slice(0, 2), { ...thinking, thinking: 'And the sky?', signature: 'sig2' }, ...recorded.content.slice(2)] };
    const canonical = anthropicAdapter.chat.parseResponse(claude, target);
    expect(canonical.choices[0].message.block_order).toEqual(['thinking', 27, 18, 'thinking', 5, 15, 1]);
    expect(canonicalToAnthropicResponse(canonical).content).toEqual(claude.content);
  });

  it('puts all the citations on the text when a guardrail changed it so that the ranges no longer fit', () => {
    const canonical: OpenAiChatCompletion = anthropicAdapter.chat.parseResponse(recorded, target);
    canonical.choices[0].message.content = 'Redacted.';
    expect(canonicalToAnthropicResponse(canonical).content).toEqual([{ type: 'text', text: 'Redacted.', citations: [...grassBlock.citations!, ...skyBlock.citations!] }]);
  });

  it('leaves an answer without citations one text block, and its stream without citation pieces', () => {
    const plain: AnthropicMessage = { ...recorded, content: [{ type: 'text', text: 'No documents here.' }] };
    const canonical = anthropicAdapter.chat.parseResponse(plain, target);
    expect(canonical.choices[0].message).not.toHaveProperty('citations');
    expect(canonicalToAnthropicResponse(canonical).content).toEqual(plain.content);
    const stream = fixtureText(anthropicDir, 'stream-text-tool.sse');
    const chunks = translateThreeWays(() => anthropicAdapter.chat.createStreamTranslator(target), new TextEncoder().encode(stream))[0];
    expect(chunks.some((chunk) => chunk.choices.some((choice) => choice.delta.citations))).toBe(false);
  });
});
