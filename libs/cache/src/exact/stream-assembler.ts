import { blockOrderOf, type BlockSlot, type ChatUsage, type CitedRange, type CitedTextStart, type OpenAiChatChunk, type OpenAiChatCompletion, type OpenAiFinishReason, type OpenAiToolCall, type ThinkingBlock } from '@sluice/contracts';

/** Streams whose text grows beyond this are not assembled (and so not cached or logged whole). */
export const MAX_ASSEMBLED_CHARS = 1_000_000;

interface ChoiceParts {
  content: string[];
  refusal: string[];
  hasContent: boolean;
  hasRefusal: boolean;
  toolCalls: Map<number, { id: string; name: string; args: string[] }>;
  finishReason: OpenAiFinishReason | null;
  /** The matched stop sequence, when the provider said which (canonical `stop_reason`). */
  stopReason: string | number | null;
  /** Reasoning text (`reasoning_content` deltas), all of it and that of the thinking block still open. */
  reasoning: string[];
  openThinking: string[];
  /** Claude's reasoning blocks: a signature closes the open thinking block. */
  thinkingBlocks: ThinkingBlock[];
  /** The kinds of blocks in the order they started (a number: that many characters of text), for `block_order`. */
  slots: BlockSlot[];
  /** Claude's cited text blocks: those ended, and the one open (it ends where the next block starts). */
  citations: CitedRange[];
  openCited: CitedTextStart | null;
  /** The length of `content` so far. */
  textLength: number;
}

/**
 * Rebuilds the whole completion from the chunks of a stream, the inverse of `completionToChunks`,
 * so that a streamed answer can be stored in the exact cache once it is complete. Gives up (result
 * null) for streams it cannot rebuild exactly: logprobs, a choice that never finished, or an answer
 * larger than MAX_ASSEMBLED_CHARS.
 */
export class StreamAssembler {
  private readonly choices = new Map<number, ChoiceParts>();
  private head: Pick<OpenAiChatCompletion, 'id' | 'created' | 'model' | 'system_fingerprint'> | null = null;
  private usage: ChatUsage | undefined;
  private chars = 0;
  private unusable = false;

  /** Reads what it needs from the chunk at once (later mutations of the chunk do not matter). */
  push(chunk: OpenAiChatChunk): void {
    if (this.unusable) return;
    this.head ??= { id: chunk.id, created: chunk.created, model: chunk.model, ...(chunk.system_fingerprint !== undefined ? { system_fingerprint: chunk.system_fingerprint } : {}) };
    if (chunk.usage) this.usage = chunk.usage;
    for (const choice of chunk.choices) {
      if (choice.logprobs !== undefined && choice.logprobs !== null) return this.giveUp();
      const parts = this.partsOf(choice.index);
      const { content, refusal, tool_calls: toolCalls, citations } = choice.delta;
      if (toolCalls?.length || choice.delta.reasoning_content || choice.delta.thinking_blocks?.length) endCited(parts);
      for (const cited of citations ?? []) {
        this.chars += JSON.stringify(cited.citations).length;
        if (parts.openCited && parts.openCited.start === cited.start && cited.citations.length) parts.openCited.citations.push(...cited.citations);
        else {
          endCited(parts);
          if (cited.citations.length) parts.openCited = { start: cited.start, citations: [...cited.citations] };
        }
      }
      if (typeof content === 'string') {
        parts.textLength += content.length;
        parts.hasContent = true;
        parts.content.push(content);
        this.chars += content.length;
        if (content) addText(parts.slots, content.length);
      }
      if (typeof refusal === 'string') {
        parts.hasRefusal = true;
        parts.refusal.push(refusal);
        this.chars += refusal.length;
      }
      for (const delta of toolCalls ?? []) {
        let call = parts.toolCalls.get(delta.index);
        if (!call) {
          parts.toolCalls.set(delta.index, (call = { id: '', name: '', args: [] }));
          parts.slots.push('tool_use');
        }
        if (delta.id) call.id = delta.id;
        if (delta.function?.name) call.name += delta.function.name;
        if (delta.function?.arguments) {
          call.args.push(delta.function.arguments);
          this.chars += delta.function.arguments.length;
        }
      }
      const { reasoning_content: reasoning, thinking_blocks: thinkingBlocks } = choice.delta;
      if (typeof reasoning === 'string' && reasoning) {
        if (parts.openThinking.length === 0) parts.slots.push('thinking');
        parts.reasoning.push(reasoning);
        parts.openThinking.push(reasoning);
        this.chars += reasoning.length;
      }
      for (const block of thinkingBlocks ?? []) {
        if (block.type === 'redacted_thinking') {
          parts.thinkingBlocks.push(block);
          parts.slots.push('thinking');
        } else if (block.signature !== undefined) {
          if (parts.openThinking.length === 0) parts.slots.push('thinking');
          parts.thinkingBlocks.push({ type: 'thinking', thinking: parts.openThinking.join('') + block.thinking, signature: block.signature });
          parts.openThinking = [];
        }
      }
      if (choice.finish_reason) parts.finishReason = choice.finish_reason;
      if (choice.stop_reason != null) parts.stopReason = choice.stop_reason;
    }
    if (this.chars > MAX_ASSEMBLED_CHARS) this.giveUp();
  }

  /** The completion, or null when the stream was empty, unfinished or not rebuildable. */
  result(): OpenAiChatCompletion | null {
    if (this.unusable || !this.head || this.choices.size === 0) return null;
    const choices: OpenAiChatCompletion['choices'] = [];
    for (const [index, parts] of [...this.choices].sort(([a], [b]) => a - b)) {
      if (!parts.finishReason) return null;
      const toolCalls: OpenAiToolCall[] = [...parts.toolCalls]
        .sort(([a], [b]) => a - b)
        .map(([, call]) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.args.join('') } }));
      const content = parts.content.join('');
      endCited(parts);
      const blockOrder = parts.thinkingBlocks.length > 0 ? orderOf(parts) : undefined;
      choices.push({
        index,
        message: {
          role: 'assistant',
          content: parts.hasContent && (content !== '' || toolCalls.length === 0) ? content : null,
          ...(parts.hasRefusal ? { refusal: parts.refusal.join('') } : {}),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          ...(parts.reasoning.length > 0 ? { reasoning_content: parts.reasoning.join('') } : {}),
          ...(parts.thinkingBlocks.length > 0 ? { thinking_blocks: parts.thinkingBlocks } : {}),
          ...(blockOrder ? { block_order: blockOrder } : {}),
          ...(parts.citations.length ? { citations: parts.citations } : {}),
        },
        finish_reason: parts.finishReason,
        ...(parts.stopReason !== null ? { stop_reason: parts.stopReason } : {}),
      });
    }
    return { ...this.head, object: 'chat.completion', choices, ...(this.usage ? { usage: this.usage } : {}) };
  }

  private partsOf(index: number): ChoiceParts {
    let parts = this.choices.get(index);
    if (!parts) this.choices.set(index, (parts = { content: [], refusal: [], hasContent: false, hasRefusal: false, toolCalls: new Map(), finishReason: null, stopReason: null, reasoning: [], openThinking: [], thinkingBlocks: [], slots: [], citations: [], openCited: null, textLength: 0 }));
    return parts;
  }

  private giveUp(): void {
    this.unusable = true;
    this.choices.clear();
  }
}

/** The open cited text block ends here (where the next block starts, or the choice ends). */
function endCited(parts: ChoiceParts): void {
  if (!parts.openCited) return;
  parts.citations.push({ start: parts.openCited.start, end: parts.textLength, citations: parts.openCited.citations });
  parts.openCited = null;
}

/** Text deltas in a row are one text block (a stream does not say where two adjacent ones meet). */
function addText(slots: BlockSlot[], length: number): void {
  const last = slots.length - 1;
  if (last >= 0 && typeof slots[last] === 'number') slots[last] += length;
  else slots.push(length);
}

/**
 * The choice's `block_order` when its blocks came interleaved (see `blockOrderSchema`), so a replay
 * from the cache keeps Claude's order; undefined when they came in the canonical order, or when the
 * blocks seen do not match the assembled fields (reasoning text without signed blocks).
 */
function orderOf(parts: ChoiceParts): BlockSlot[] | undefined {
  const thinking = parts.slots.filter((slot) => slot === 'thinking').length;
  if (thinking !== parts.thinkingBlocks.length || parts.openThinking.length > 0) return undefined;
  return blockOrderOf(parts.slots, (slot) => slot);
}
