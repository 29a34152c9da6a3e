import { openAiChatChunkSchema, type OpenAiChatChunk, type OpenAiChatCompletion } from '@sluice/contracts';
import { completionToChunks, split } from './completion-to-chunks';

const text = 'Paris is the capital of France. It sits on the Seine and is known for the Eiffel Tower — and for 🥐 croissants.';
const completion: OpenAiChatCompletion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_764_100_000,
  model: 'gpt-4o-mini',
  system_fingerprint: 'fp_1',
  choices: [
    { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' },
    {
      index: 1,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris","unit":"celsius","days":[1,2,3,4,5,6,7,8,9,10]}' } },
          { id: 'call_b', type: 'function', function: { name: 'time', arguments: '{}' } },
        ],
      },
      finish_reason: 'tool_calls',
    },
  ],
  usage: { prompt_tokens: 20, completion_tokens: 30, total_tokens: 50 },
};

/** What an OpenAI SDK does with a stream: concatenate deltas per choice and per tool call index. */
function reassemble(chunks: OpenAiChatChunk[]) {
  type Acc = { role?: string; content: string; finish?: string | null; calls: Map<number, { id?: string; name: string; arguments: string }> };
  const choices = new Map<number, Acc>();
  let usage: unknown;
  for (const chunk of chunks) {
    if (chunk.usage) usage = chunk.usage;
    for (const c of chunk.choices) {
      const acc: Acc = choices.get(c.index) ?? { content: '', calls: new Map() };
      if (c.delta.role) acc.role = c.delta.role;
      if (c.delta.content) acc.content += c.delta.content;
      for (const d of c.delta.tool_calls ?? []) {
        const call = acc.calls.get(d.index) ?? { name: '', arguments: '' };
        if (d.id) call.id = d.id;
        call.name += d.function?.name ?? '';
        call.arguments += d.function?.arguments ?? '';
        acc.calls.set(d.index, call);
      }
      if (c.finish_reason) acc.finish = c.finish_reason;
      choices.set(c.index, acc);
    }
  }
  return { choices, usage };
}

describe('completionToChunks', () => {
  const chunks = completionToChunks(completion, { maxDeltaChars: 16 });

  it('produces valid chunks with the completion id, model and fingerprint', () => {
    for (const chunk of chunks) {
      expect(openAiChatChunkSchema.safeParse(chunk).success).toBe(true);
      expect(chunk).toMatchObject({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_764_100_000, model: 'gpt-4o-mini', system_fingerprint: 'fp_1' });
    }
  });

  it('starts each choice with a role chunk, streams the text in pieces and ends with finish then usage', () => {
    const first = chunks.filter((c) => c.choices[0]?.index === 0);
    expect(first[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(first.filter((c) => c.choices[0].delta.content).length).toBeGreaterThan(3);
    expect(first.at(-1)?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: completion.usage });
  });

  it('reassembles to the same text and tool calls', () => {
    const { choices, usage } = reassemble(chunks);
    expect(choices.get(0)).toMatchObject({ role: 'assistant', content: text, finish: 'stop' });
    const calls = [...(choices.get(1)?.calls.values() ?? [])];
    expect(calls).toEqual([
      { id: 'call_a', name: 'weather', arguments: completion.choices[1].message.tool_calls?.[0].function.arguments },
      { id: 'call_b', name: 'time', arguments: '{}' },
    ]);
    expect(choices.get(1)?.finish).toBe('tool_calls');
    expect(usage).toEqual(completion.usage);
  });

  it('leaves out the usage chunk when the client did not ask for it', () => {
    expect(completionToChunks(completion, { includeUsage: false }).some((c) => c.usage)).toBe(false);
  });

  it('keeps logprobs with the content they describe', () => {
    const logprobs = { content: [{ token: 'Paris', logprob: -0.1, bytes: null, top_logprobs: [] }] };
    const withLogprobs = { ...completion, choices: [{ ...completion.choices[0], logprobs }] };
    const content = completionToChunks(withLogprobs).filter((c) => c.choices[0]?.delta.content);
    expect(content).toHaveLength(1);
    expect(content[0].choices[0]).toMatchObject({ delta: { content: text }, logprobs });
  });
});

describe('split', () => {
  it('never cuts a surrogate pair and joins back to the input', () => {
    const input = '🥐🥐🥐 abc '.repeat(20);
    const pieces = split(input, 5);
    expect(pieces.join('')).toBe(input);
    for (const piece of pieces) expect(Array.from(piece).length).toBeLessThanOrEqual(5);
    expect(pieces.every((p) => !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
  });
});
