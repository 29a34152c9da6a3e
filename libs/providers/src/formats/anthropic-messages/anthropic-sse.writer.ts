import type { AnthropicStopReason, AnthropicStreamEvent, ChatUsage, CitedTextStart, OpenAiChatChunk } from '@sluice/contracts';
import { anthropicMessageId, anthropicStopOf, anthropicUsageOf } from './canonical-response.to-anthropic';

type OpenBlock =
  /** `start`: where in `content` it started, to tell its citations from a next block's. */
  | { kind: 'text'; index: number; start: number }
  | { kind: 'tool'; index: number; toolIndex: number }
  /** `signed`: its signature arrived, so the next reasoning text starts a new thinking block. */
  | { kind: 'thinking'; index: number; signed: boolean }
  | { kind: 'redacted'; index: number };

/** One Anthropic stream event as SSE text (`event:` + `data:`). */
export function formatAnthropicSse(event: AnthropicStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * Canonical chunks → Anthropic stream events: message_start, content_block_start/delta/stop for
 * thinking (thinking_delta, then signature_delta), redacted_thinking, text and tool_use
 * (input_json_delta), message_delta (stop_reason + usage), message_stop.
 * Claude's cited text blocks (`delta.citations`, see `citedTextStartSchema`): a text block started with
 * `citations: []`, a citations_delta per citation, then the block's text; a start without citations
 * splits the text there, as Claude did.
 * Only choice 0 is translated (Anthropic has no `n`).
 */
export class AnthropicSseWriter {
  private started = false;
  private open: OpenBlock | null = null;
  private blockCount = 0;
  private readonly toolBlocks = new Map<number, number>();
  private stop: { stop_reason: AnthropicStopReason; stop_sequence: string | null } | null = null;
  private usage: ChatUsage | null = null;
  /** The length of the text streamed so far, and whether the next text starts a new block (where Claude split its text). */
  private textLength = 0;
  private splitText = false;

  constructor(private readonly model: string) {}

  push(chunk: OpenAiChatChunk): AnthropicStreamEvent[] {
    const out: AnthropicStreamEvent[] = [];
    if (!this.started) {
      this.started = true;
      out.push({
        type: 'message_start',
        message: {
          id: anthropicMessageId(chunk.id),
          type: 'message',
          role: 'assistant',
          model: this.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          // Only an upstream that counts the prompt up front (Anthropic) gives input tokens here; else the final message_delta has them.
          usage: chunk.prompt_usage ? anthropicUsageOf(chunk.prompt_usage) : { input_tokens: 0, output_tokens: 0 },
        },
      });
    }
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices.find((c) => c.index === 0);
    if (!choice) return out;
    const { content, tool_calls: toolCalls, reasoning_content: reasoning, thinking_blocks: thinkingBlocks, citations } = choice.delta;
    if (reasoning || thinkingBlocks?.length || toolCalls?.length) this.splitText = false;
    if (reasoning) {
      out.push(...this.openThinking());
      out.push({ type: 'content_block_delta', index: this.open!.index, delta: { type: 'thinking_delta', thinking: reasoning } });
    }
    for (const block of thinkingBlocks ?? []) {
      if (block.type === 'redacted_thinking') {
        out.push(...this.startBlock({ kind: 'redacted', index: this.blockCount }, block));
      } else {
        if (block.thinking) {
          out.push(...this.openThinking());
          out.push({ type: 'content_block_delta', index: this.open!.index, delta: { type: 'thinking_delta', thinking: block.thinking } });
        }
        if (block.signature) {
          out.push(...this.openThinking());
          out.push({ type: 'content_block_delta', index: this.open!.index, delta: { type: 'signature_delta', signature: block.signature } });
          (this.open as Extract<OpenBlock, { kind: 'thinking' }>).signed = true;
        }
      }
    }
    for (const cited of citations ?? []) out.push(...this.citedText(cited));
    if (content) {
      if (this.open?.kind !== 'text' || this.splitText) out.push(...this.startBlock({ kind: 'text', index: this.blockCount, start: this.textLength }, { type: 'text', text: '' }));
      this.splitText = false;
      this.textLength += content.length;
      out.push({ type: 'content_block_delta', index: this.open!.index, delta: { type: 'text_delta', text: content } });
    }
    for (const call of toolCalls ?? []) {
      if (call.id && call.function?.name) {
        const block: OpenBlock = { kind: 'tool', index: this.blockCount, toolIndex: call.index };
        this.toolBlocks.set(call.index, block.index);
        out.push(...this.startBlock(block, { type: 'tool_use', id: call.id, name: call.function.name, input: {} }));
      }
      const index = this.toolBlocks.get(call.index);
      if (index !== undefined && call.function?.arguments) out.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: call.function.arguments } });
    }
    if (choice.finish_reason) this.stop = anthropicStopOf(choice.finish_reason, choice.stop_reason);
    return out;
  }

  end(): AnthropicStreamEvent[] {
    const out: AnthropicStreamEvent[] = [...this.closeBlock()];
    const usage = anthropicUsageOf(this.usage);
    out.push({ type: 'message_delta', delta: this.stop ?? { stop_reason: 'end_turn', stop_sequence: null }, usage });
    out.push({ type: 'message_stop' });
    return out;
  }

  /**
   * A text block's start with its citations: they go to the open text block when it started there,
   * else to a new one. A start without citations only makes the next text a new block (an empty
   * text block would say nothing).
   */
  private citedText(cited: CitedTextStart): AnthropicStreamEvent[] {
    if (!cited.citations.length) {
      this.splitText = true;
      return [];
    }
    const out: AnthropicStreamEvent[] = [];
    if (this.open?.kind !== 'text' || this.open.start !== cited.start || this.splitText) {
      out.push(...this.startBlock({ kind: 'text', index: this.blockCount, start: cited.start }, { type: 'text', text: '', citations: [] }));
      this.splitText = false;
    }
    const index = this.open!.index;
    for (const citation of cited.citations) out.push({ type: 'content_block_delta', index, delta: { type: 'citations_delta', citation } });
    return out;
  }

  /** Keeps the open thinking block, or starts one (after a signed one, or any other block). */
  private openThinking(): AnthropicStreamEvent[] {
    if (this.open?.kind === 'thinking' && !this.open.signed) return [];
    return this.startBlock({ kind: 'thinking', index: this.blockCount, signed: false }, { type: 'thinking', thinking: '' });
  }

  private startBlock(block: OpenBlock, contentBlock: Extract<AnthropicStreamEvent, { type: 'content_block_start' }>['content_block']): AnthropicStreamEvent[] {
    const out = this.closeBlock();
    this.open = block;
    this.blockCount++;
    out.push({ type: 'content_block_start', index: block.index, content_block: contentBlock });
    return out;
  }

  private closeBlock(): AnthropicStreamEvent[] {
    if (!this.open) return [];
    const index = this.open.index;
    this.open = null;
    return [{ type: 'content_block_stop', index }];
  }
}
