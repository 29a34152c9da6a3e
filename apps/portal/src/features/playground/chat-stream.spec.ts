import { readChatStream, type ChatStreamEvent } from './chat-stream';
import { costOfReply, formatReplyCost } from './reply-cost';

/** A body that arrives in the given pieces, split wherever the test says (mid-line, mid-character). */
function bodyOf(pieces: Array<string | Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(typeof piece === 'string' ? encoder.encode(piece) : piece);
      controller.close();
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>): Promise<ChatStreamEvent[]> {
  const events: ChatStreamEvent[] = [];
  for await (const event of readChatStream(body)) events.push(event);
  return events;
}

const chunk = (content: string) => `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })}\n\n`;
const usage = `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 2 } } })}\n\n`;

describe('readChatStream', () => {
  it('yields text deltas and the usage chunk, whatever the network splits, and stops at [DONE]', async () => {
    const wire = `${chunk('Hel')}${chunk('lo ')}${chunk('wörld')}${usage}data: [DONE]\n\n${chunk('after done')}`;
    const bytes = new TextEncoder().encode(wire);
    // Split inside a multi-byte character and inside lines.
    const cut = wire.indexOf('ö') + 1;
    const byteCut = new TextEncoder().encode(wire.slice(0, cut)).length - 1;
    const events = await collect(bodyOf([bytes.slice(0, 7), bytes.slice(7, byteCut), bytes.slice(byteCut, byteCut + 40), bytes.slice(byteCut + 40)]));
    expect(events).toEqual([
      { type: 'delta', text: 'Hel' },
      { type: 'delta', text: 'lo ' },
      { type: 'delta', text: 'wörld' },
      { type: 'usage', usage: { promptTokens: 12, completionTokens: 5, cachedTokens: 2, cacheWriteTokens: 0, cacheWrite1hTokens: 0 } },
    ]);
  });

  it('reads cache writes and their 1-hour part from the usage chunk (an Anthropic model with ttl "1h" markers)', async () => {
    const details = { cached_tokens: 0, cache_creation_tokens: 10_000, cache_creation_1h_tokens: 4000 };
    const events = await collect(bodyOf([`data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 10_500, completion_tokens: 3, prompt_tokens_details: details } })}\n\n`, 'data: [DONE]\n\n']));
    expect(events).toEqual([{ type: 'usage', usage: { promptTokens: 10_500, completionTokens: 3, cachedTokens: 0, cacheWriteTokens: 10_000, cacheWrite1hTokens: 4000 } }]);
  });

  it('reports an error the gateway sends mid-stream and a chunk that is not JSON', async () => {
    const events = await collect(bodyOf([chunk('partial'), 'data: {"error":{"message":"Upstream timed out","type":"api_error"}}\n\n', 'data: {broken\n\n']));
    expect(events).toEqual([
      { type: 'delta', text: 'partial' },
      { type: 'error', message: 'Upstream timed out' },
      { type: 'error', message: 'The gateway sent a part of the reply that is not valid JSON.' },
    ]);
  });

  it('handles CRLF framing, comments and a last event without a trailing blank line', async () => {
    const events = await collect(bodyOf([': keep-alive\r\n\r\n', `data: ${JSON.stringify({ choices: [{ delta: { content: 'x' } }] })}\r\n\r\n`, `data: ${JSON.stringify({ choices: [{ delta: { content: 'y' } }] })}`]));
    expect(events).toEqual([
      { type: 'delta', text: 'x' },
      { type: 'delta', text: 'y' },
    ]);
  });
});

describe('costOfReply', () => {
  it('prices uncached prompt, cached prompt and completion tokens per 1M', () => {
    const pricing = { inputPricePer1M: 2.5, outputPricePer1M: 10, cachedInputPricePer1M: 1.25 };
    expect(costOfReply(pricing, { promptTokens: 1_000_000, completionTokens: 100_000, cachedTokens: 400_000, cacheWriteTokens: 0, cacheWrite1hTokens: 0 })).toBeCloseTo(0.6 * 2.5 + 0.4 * 1.25 + 1, 10);
    expect(costOfReply({ ...pricing, cachedInputPricePer1M: null }, { promptTokens: 1000, completionTokens: 0, cachedTokens: 1000, cacheWriteTokens: 0, cacheWrite1hTokens: 0 })).toBeCloseTo(0.0025, 10);
  });

  it('bills cache writes and long prompts as the gateway does (Claude Sonnet 4.5 prices)', () => {
    const sonnet = {
      inputPricePer1M: 3,
      outputPricePer1M: 15,
      cachedInputPricePer1M: 0.3,
      cacheWritePricePer1M: 3.75,
      longContext: { aboveTokens: 200_000, inputPricePer1M: 6, outputPricePer1M: 22.5, cachedInputPricePer1M: 0.6, cacheWritePricePer1M: 7.5, cacheWrite1hPricePer1M: null },
    };
    // 500 × $3 + 2,000 × $0.30 + 10,000 × $3.75 + 1,000 × $15 per 1M
    expect(costOfReply(sonnet, { promptTokens: 12_500, completionTokens: 1000, cachedTokens: 2000, cacheWriteTokens: 10_000, cacheWrite1hTokens: 0 })).toBe(0.0546);
    // 250,000 × $6 + 2,000 × $22.50 per 1M: the whole request at the long-context prices
    expect(costOfReply(sonnet, { promptTokens: 250_000, completionTokens: 2000, cachedTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0 })).toBe(1.545);
    // No cache-write price: the input price, as before
    expect(costOfReply({ inputPricePer1M: 3, outputPricePer1M: 15, cachedInputPricePer1M: 0.3 }, { promptTokens: 1000, completionTokens: 0, cachedTokens: 0, cacheWriteTokens: 1000, cacheWrite1hTokens: 0 })).toBe(0.003);
  });

  it('bills 1-hour cache writes at the 1-hour cache-write price, else at the cache-write price, as the gateway does', () => {
    const sonnet = { inputPricePer1M: 3, outputPricePer1M: 15, cachedInputPricePer1M: 0.3, cacheWritePricePer1M: 3.75, cacheWrite1hPricePer1M: 6 };
    const usage = { promptTokens: 10_500, completionTokens: 0, cachedTokens: 0, cacheWriteTokens: 10_000, cacheWrite1hTokens: 4000 };
    // 500 × $3 + 6,000 × $3.75 + 4,000 × $6 per 1M (libs/governance costOfUsage gives the same $0.048)
    expect(costOfReply(sonnet, usage)).toBe(0.048);
    // No 1-hour price: every write at the cache-write price.
    expect(costOfReply({ ...sonnet, cacheWrite1hPricePer1M: null }, usage)).toBe(0.039);
    // Above the long-context threshold: the tier's 1-hour price, else the tier's cache-write price.
    const tier = { aboveTokens: 200_000, inputPricePer1M: 6, outputPricePer1M: 22.5, cachedInputPricePer1M: 0.6, cacheWritePricePer1M: 7.5, cacheWrite1hPricePer1M: 12 };
    const long = { promptTokens: 300_000, completionTokens: 0, cachedTokens: 0, cacheWriteTokens: 300_000, cacheWrite1hTokens: 100_000 };
    expect(costOfReply({ ...sonnet, longContext: tier }, long)).toBe(2.7);
    expect(costOfReply({ ...sonnet, longContext: { ...tier, cacheWrite1hPricePer1M: null } }, long)).toBe(2.25);
    // Never more 1-hour writes than writes.
    expect(costOfReply(sonnet, { ...usage, cacheWriteTokens: 100, cacheWrite1hTokens: 900, promptTokens: 1000 })).toBeCloseTo((900 * 3 + 100 * 6) / 1e6, 12);
  });

  it('shows fractions of a cent with two significant digits', () => {
    expect(formatReplyCost(0.0000031)).toBe('$0.0000031');
    expect(formatReplyCost(0)).toBe('$0.00');
    expect(formatReplyCost(1.5)).toBe('$1.50');
  });
});
