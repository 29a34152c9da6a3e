import { citedTextStarts, inBlockOrder, usableCitedRanges, type ChatUsage, type CitedTextStart, type OpenAiChatChunk, type OpenAiChatCompletion, type OpenAiToolCall, type OpenAiToolCallDelta, type ThinkingBlock } from '@sluice/contracts';

export interface ReplayOptions {
  /** Emit the final `choices: []` usage chunk (the client's `stream_options.include_usage`). Default true. */
  includeUsage?: boolean;
  /** Upper bound on the characters of one content or arguments delta. Default 64. */
  maxDeltaChars?: number;
}

type Choice = OpenAiChatCompletion['choices'][number];
type ChunkChoice = OpenAiChatChunk['choices'][number];

/**
 * A cached (non-streaming) completion as the chunk sequence an upstream would have streamed:
 * per choice a role chunk, content (or refusal) deltas, tool-call deltas (id, type and name first,
 * then argument pieces), a finish chunk; then one usage chunk, whose prompt part the first chunk
 * also carries (`prompt_usage`, for an Anthropic client's message_start). Joining the deltas gives
 * back the message exactly. A choice with logprobs carries them whole on a single content delta.
 */
export function completionToChunks(completion: OpenAiChatCompletion, options: ReplayOptions = {}): OpenAiChatChunk[] {
  const maxChars = Math.max(1, options.maxDeltaChars ?? 64);
  const base = {
    id: completion.id,
    object: 'chat.completion.chunk' as const,
    created: completion.created,
    model: completion.model,
    ...(completion.system_fingerprint !== undefined ? { system_fingerprint: completion.system_fingerprint } : {}),
  };
  const chunk = (choice: ChunkChoice): OpenAiChatChunk => ({ ...base, choices: [choice] });
  const chunks: OpenAiChatChunk[] = [];
  for (const choice of completion.choices) {
    for (const c of choiceChoices(choice, maxChars)) chunks.push(chunk(c));
  }
  if (completion.usage && options.includeUsage !== false) {
    if (chunks[0]) chunks[0].prompt_usage = promptUsageOf(completion.usage);
    chunks.push({ ...base, choices: [], usage: completion.usage });
  }
  return chunks;
}

/** What a provider that counts the prompt up front would have said at the start: no output yet. */
function promptUsageOf(usage: ChatUsage): ChatUsage {
  return { prompt_tokens: usage.prompt_tokens, completion_tokens: 0, ...(usage.prompt_tokens_details ? { prompt_tokens_details: usage.prompt_tokens_details } : {}) };
}

function choiceChoices(choice: Choice, maxChars: number): ChunkChoice[] {
  const { index, message } = choice;
  const out: ChunkChoice[] = [{ index, delta: { role: 'assistant', content: '' }, finish_reason: null }];
  const piece = (delta: ChunkChoice['delta']): ChunkChoice => ({ index, delta, finish_reason: null });
  const toolCalls = message.tool_calls ?? [];
  let nextCall = 0;
  const text = new CitedText(message.content ?? '', message.citations, piece, maxChars);
  // Interleaved thinking: the deltas in Claude's block order, which an Anthropic client's stream keeps.
  const ordered =
    message.block_order && message.thinking_blocks && choice.logprobs == null
      ? inBlockOrder(message.block_order, message.thinking_blocks, message.content ?? '', toolCalls, {
          thinking: (block) => thinkingPieces(block, piece, maxChars),
          text: (slot) => text.pieces(slot),
          toolUse: (call) => toolCallPieces(nextCall++, call, piece, maxChars),
        })
      : null;
  if (ordered) {
    for (const pieces of ordered) out.push(...pieces);
    if (message.refusal) for (const text of split(message.refusal, maxChars)) out.push(piece({ refusal: text }));
  } else {
    out.push(...reasoningChoices(message, piece, maxChars));
    if (message.content) {
      if (choice.logprobs !== undefined && choice.logprobs !== null) {
        out.push({ index, delta: { content: message.content }, finish_reason: null, logprobs: choice.logprobs });
      } else {
        out.push(...text.pieces(message.content));
      }
    }
    if (message.refusal) for (const text of split(message.refusal, maxChars)) out.push(piece({ refusal: text }));
    toolCalls.forEach((call, callIndex) => out.push(...toolCallPieces(callIndex, call, piece, maxChars)));
  }
  out.push({ index, delta: {}, finish_reason: choice.finish_reason ?? 'stop', ...(choice.stop_reason != null ? { stop_reason: choice.stop_reason } : {}) });
  return out;
}

type Piece = (delta: ChunkChoice['delta']) => ChunkChoice;

/**
 * A choice's text as content deltas, with Claude's cited text blocks as their stream says them
 * (`delta.citations` where each block starts, see `citedTextStarts`). `pieces` takes the text in
 * order, whole or slot by slot. Ranges that no longer fit the text: all the citations at its start.
 */
class CitedText {
  private readonly starts: CitedTextStart[];
  private next = 0;
  private offset = 0;

  constructor(
    private readonly content: string,
    citations: OpenAiChatCompletion['choices'][number]['message']['citations'],
    private readonly piece: Piece,
    private readonly maxChars: number,
  ) {
    const ranges = usableCitedRanges(citations, content.length);
    this.starts = ranges ? citedTextStarts(ranges, content.length) : citations?.length ? [{ start: 0, citations: citations.flatMap((range) => range.citations) }] : [];
  }

  pieces(text: string): ChunkChoice[] {
    const out: ChunkChoice[] = [];
    const end = this.offset + text.length;
    let at = this.offset;
    // The starts inside this text (at its very end only when it ends the content).
    while (this.next < this.starts.length && (this.starts[this.next].start < end || (end === this.content.length && this.starts[this.next].start === end))) {
      const cited = this.starts[this.next++];
      const start = Math.max(cited.start, at);
      if (start > at) out.push(...split(text.slice(at - this.offset, start - this.offset), this.maxChars).map((content) => this.piece({ content })));
      at = start;
      out.push(this.piece({ citations: [cited] }));
    }
    if (end > at) out.push(...split(text.slice(at - this.offset), this.maxChars).map((content) => this.piece({ content })));
    this.offset = end;
    return out;
  }
}

/** A tool call as its stream carries it: id, type and name first, then the argument pieces. */
function toolCallPieces(callIndex: number, call: OpenAiToolCall, piece: Piece, maxChars: number): ChunkChoice[] {
  const head: OpenAiToolCallDelta = { index: callIndex, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } };
  return [piece({ tool_calls: [head] }), ...split(call.function.arguments, maxChars).map((args) => piece({ tool_calls: [{ index: callIndex, function: { arguments: args } }] }))];
}

/**
 * Claude's reasoning as its stream carries it: per thinking block the text as `reasoning_content`
 * deltas, then the signature in `thinking_blocks`; a redacted block whole. Reasoning text without
 * blocks (e.g. DeepSeek's) as `reasoning_content` deltas only.
 */
function reasoningChoices(message: Choice['message'], piece: Piece, maxChars: number): ChunkChoice[] {
  if (!message.thinking_blocks?.length) return message.reasoning_content ? split(message.reasoning_content, maxChars).map((reasoning) => piece({ reasoning_content: reasoning })) : [];
  return message.thinking_blocks.flatMap((block) => thinkingPieces(block, piece, maxChars));
}

function thinkingPieces(block: ThinkingBlock, piece: Piece, maxChars: number): ChunkChoice[] {
  if (block.type === 'redacted_thinking') return [piece({ thinking_blocks: [block] })];
  const text = split(block.thinking, maxChars).map((reasoning) => piece({ reasoning_content: reasoning }));
  return block.signature !== undefined ? [...text, piece({ thinking_blocks: [{ type: 'thinking', thinking: '', signature: block.signature }] })] : text;
}

/** Pieces of at most `max` characters, cut after whitespace where possible, never inside a surrogate pair. */
export function split(text: string, max: number): string[] {
  const chars = Array.from(text);
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = Math.min(start + max, chars.length);
    if (end < chars.length) {
      const window = chars.slice(start, end);
      const lastSpace = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\n'));
      if (lastSpace > 0) end = start + lastSpace + 1;
    }
    pieces.push(chars.slice(start, end).join(''));
    start = end;
  }
  return pieces;
}
