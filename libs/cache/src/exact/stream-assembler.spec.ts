import type { OpenAiChatChunk, OpenAiChatCompletion } from '@sluice/contracts';
import { completionToChunks } from './completion-to-chunks';
import { MAX_ASSEMBLED_CHARS, StreamAssembler } from './stream-assembler';

const completion: OpenAiChatCompletion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_764_100_000,
  model: 'gpt-4o-mini',
  system_fingerprint: 'fp_1',
  choices: [
    { index: 0, message: { role: 'assistant', content: 'Paris is the capital of France — 🥐 and the Seine.' }, finish_reason: 'stop' },
    {
      index: 1,
      message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris","days":[1,2,3]}' } }] },
      finish_reason: 'tool_calls',
    },
  ],
  usage: { prompt_tokens: 20, completion_tokens: 30, total_tokens: 50 },
};

function assemble(chunks: OpenAiChatChunk[]): OpenAiChatCompletion | null {
  const assembler = new StreamAssembler();
  for (const chunk of chunks) assembler.push(chunk);
  return assembler.result();
}

describe('StreamAssembler', () => {
  it('rebuilds exactly the completion that completionToChunks split into a stream', () => {
    expect(assemble(completionToChunks(completion, { maxDeltaChars: 5 }))).toEqual(completion);
  });

  it("rebuilds Claude's thinking blocks with their signatures, a redacted block, and reasoning text without blocks", () => {
    const thought: OpenAiChatCompletion = {
      ...completion,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Paris.',
            reasoning_content: 'The capital of France is Paris. Short answer.',
            thinking_blocks: [
              { type: 'thinking', thinking: 'The capital of France is Paris.', signature: 'sig-1' },
              { type: 'redacted_thinking', data: 'opaque' },
              { type: 'thinking', thinking: ' Short answer.', signature: 'sig-2' },
            ],
          },
          finish_reason: 'stop',
        },
        { index: 1, message: { role: 'assistant', content: 'Lyon.', reasoning_content: 'Second city.' }, finish_reason: 'stop' },
      ],
    };
    const chunks = completionToChunks(thought, { maxDeltaChars: 8 });
    expect(chunks.filter((c) => c.choices[0]?.delta.thinking_blocks).map((c) => c.choices[0].delta.thinking_blocks)).toEqual([
      [{ type: 'thinking', thinking: '', signature: 'sig-1' }],
      [{ type: 'redacted_thinking', data: 'opaque' }],
      [{ type: 'thinking', thinking: '', signature: 'sig-2' }],
    ]);
    expect(assemble(chunks)).toEqual(thought);
  });

  it("keeps Claude's interleaved block order (block_order) through the replay and the rebuild, so a cached tool-use turn continues", () => {
    const interleaved: OpenAiChatCompletion = {
      ...completion,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Let me check.',
            reasoning_content: 'Need the weather. Now the second city.',
            thinking_blocks: [
              { type: 'thinking', thinking: 'Need the weather.', signature: 'sig-1' },
              { type: 'thinking', thinking: ' Now the second city.', signature: 'sig-2' },
            ],
            tool_calls: [
              { id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
              { id: 'toolu_2', type: 'function', function: { name: 'weather', arguments: '{"city":"Lyon"}' } },
            ],
            block_order: ['thinking', 13, 'tool_use', 'thinking', 'tool_use'],
          },
          finish_reason: 'tool_calls',
        },
      ],
    };
    const chunks = completionToChunks(interleaved, { maxDeltaChars: 8 });
    const kinds = chunks
      .map((c) => c.choices[0]?.delta)
      .filter((d) => d !== undefined)
      .map((d) => (d.thinking_blocks ? 'signature' : d.reasoning_content ? 'thinking' : d.tool_calls?.[0]?.id ? 'tool_use' : d.content ? 'text' : null))
      .filter((kind, i, all) => kind !== null && kind !== all[i - 1]);
    expect(kinds).toEqual(['thinking', 'signature', 'text', 'tool_use', 'thinking', 'signature', 'tool_use']);
    expect(assemble(chunks)).toEqual(interleaved);
  });

  it('records no block order for thinking in the usual order (thinking, text, tool calls)', () => {
    const usual: OpenAiChatCompletion = {
      ...completion,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Checking.',
            reasoning_content: 'Need the weather.',
            thinking_blocks: [{ type: 'thinking', thinking: 'Need the weather.', signature: 'sig-1' }],
            tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{}' } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
    };
    expect(assemble(completionToChunks(usual, { maxDeltaChars: 4 }))).toEqual(usual);
  });

  it('keeps the stop sequence that ended a choice (stop_reason), so a cached answer replays it to Anthropic clients', () => {
    const stopped: OpenAiChatCompletion = { ...completion, choices: [{ ...completion.choices[0], stop_reason: 'END' }] };
    const chunks = completionToChunks(stopped);
    expect(chunks.at(-2)?.choices[0]).toMatchObject({ finish_reason: 'stop', stop_reason: 'END' });
    expect(assemble(chunks)).toEqual(stopped);
  });

  it("replays the prompt's usage on the first chunk too (an Anthropic client's message_start), without it in the rebuilt completion", () => {
    const cached: OpenAiChatCompletion = { ...completion, usage: { ...completion.usage!, prompt_tokens_details: { cached_tokens: 8 } } };
    const chunks = completionToChunks(cached);
    expect(chunks[0].prompt_usage).toEqual({ prompt_tokens: 20, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 8 } });
    expect(chunks.slice(1).some((c) => c.prompt_usage)).toBe(false);
    expect(assemble(chunks)).toEqual(cached);
  });

  it('is not affected by later changes to the chunks it was given (a guardrail rewriting deltas downstream)', () => {
    const assembler = new StreamAssembler();
    for (const chunk of completionToChunks(completion)) {
      assembler.push(chunk);
      for (const choice of chunk.choices) if (typeof choice.delta.content === 'string') choice.delta.content = '[x]';
    }
    expect(assembler.result()?.choices[0].message.content).toBe(completion.choices[0].message.content);
  });

  it('gives no result for a stream that did not finish, carried logprobs, or grew too large', () => {
    const chunks = completionToChunks(completion);
    expect(assemble(chunks.slice(0, 2))).toBeNull();
    expect(assemble([])).toBeNull();
    const withLogprobs = completionToChunks({ ...completion, choices: [{ ...completion.choices[0], logprobs: { content: [] } }] });
    expect(assemble(withLogprobs)).toBeNull();
    const huge = completionToChunks({ ...completion, choices: [{ index: 0, message: { role: 'assistant', content: 'x'.repeat(MAX_ASSEMBLED_CHARS + 1) }, finish_reason: 'stop' }] }, { maxDeltaChars: 100_000 });
    expect(assemble(huge)).toBeNull();
  });
});

describe("StreamAssembler: Claude's citations", () => {
  const grass = { type: 'char_location', cited_text: 'The grass is green. ', document_index: 0, document_title: 'Doc', start_char_index: 0, end_char_index: 20 };
  const sky = { type: 'page_location', cited_text: 'The sky is blue.', document_index: 1, document_title: 'Atlas', start_page_number: 1, end_page_number: 2 };
  const cited: OpenAiChatCompletion = {
    id: 'msg_1',
    object: 'chat.completion',
    created: 1_764_100_000,
    model: 'claude-sonnet-4-5',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: 'According to the document, the grass is green and the sky is blue.',
          citations: [
            { start: 27, end: 45, citations: [grass] },
            { start: 50, end: 65, citations: [sky, grass] },
          ],
        },
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 600, completion_tokens: 50, total_tokens: 650 },
  };

  it('replays the cited ranges as text-block starts at their offsets and rebuilds them exactly', () => {
    const chunks = completionToChunks(cited, { maxDeltaChars: 8 });
    const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta));
    let length = 0;
    const starts: { at: number; start: number; citations: number }[] = [];
    for (const delta of deltas) {
      for (const piece of delta.citations ?? []) starts.push({ at: length, start: piece.start, citations: piece.citations.length });
      length += delta.content?.length ?? 0;
    }
    expect(starts).toEqual([
      { at: 27, start: 27, citations: 1 },
      { at: 45, start: 45, citations: 0 },
      { at: 50, start: 50, citations: 2 },
      { at: 65, start: 65, citations: 0 },
    ]);
    expect(assemble(chunks)).toEqual(cited);
  });

  it('replays and rebuilds citations inside the text slots of an interleaved-thinking turn', () => {
    const message = cited.choices[0].message;
    const interleaved: OpenAiChatCompletion = {
      ...cited,
      choices: [
        {
          ...cited.choices[0],
          message: {
            ...message,
            reasoning_content: 'Grass?Sky?',
            thinking_blocks: [
              { type: 'thinking', thinking: 'Grass?', signature: 's1' },
              { type: 'thinking', thinking: 'Sky?', signature: 's2' },
            ],
            block_order: ['thinking', 45, 'thinking', 21],
          },
        },
      ],
    };
    expect(assemble(completionToChunks(interleaved, { maxDeltaChars: 8 }))).toEqual(interleaved);
  });

  it("collects a Claude stream's citations_delta pieces into ranges that end where the next block starts", () => {
    const chunk = (delta: OpenAiChatChunk['choices'][number]['delta'], finish: OpenAiChatCompletion['choices'][number]['finish_reason'] = null): OpenAiChatChunk => ({
      id: 'msg_1',
      object: 'chat.completion.chunk',
      created: 1_764_100_000,
      model: 'claude-sonnet-4-5',
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    const text = cited.choices[0].message.content!;
    const result = assemble([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: text.slice(0, 27) }),
      chunk({ citations: [{ start: 27, citations: [] }] }),
      chunk({ citations: [{ start: 27, citations: [grass] }] }),
      chunk({ content: text.slice(27, 45) }),
      chunk({ citations: [{ start: 45, citations: [] }] }),
      chunk({ content: text.slice(45, 50) }),
      chunk({ citations: [{ start: 50, citations: [sky] }] }),
      chunk({ citations: [{ start: 50, citations: [grass] }] }),
      chunk({ content: text.slice(50, 65) }),
      // A tool call ends the cited block too.
      chunk({ tool_calls: [{ index: 0, id: 'toolu_1', type: 'function', function: { name: 'lookup', arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(result?.choices[0].message.citations).toEqual(cited.choices[0].message.citations);
  });
});
