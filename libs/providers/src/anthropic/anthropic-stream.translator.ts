import { anthropicStreamEventSchema, type AnthropicContentBlock, type AnthropicStreamEvent, type AnthropicUsage, type OpenAiChatChunk } from '@sluice/contracts';
import { ChunkFactory } from '../core/chunk-factory';
import { classifyUpstreamError } from '../core/error-classification';
import { ProviderResponseError, ProviderStreamError, streamInterrupted } from '../core/errors';
import { JSON_RESPONSE_TOOL } from '../core/json-response-tool';
import type { ChatStreamTranslator, ProviderErrorKind, ProviderTarget } from '../core/provider-adapter';
import { providerLabel } from '../core/define-adapter';
import { SseJsonReader } from '../core/sse-json-reader';
import { finishReasonOf, matchedStopSequence, usageFromAnthropic, serviceTierFromAnthropic } from './anthropic-response.mapper';

/** A text block knows where in the streamed `content` it started (the `start` of its citations). */
type Block = { kind: 'text'; start: number } | { kind: 'thinking' } | { kind: 'json' } | { kind: 'tool'; toolIndex: number } | { kind: 'redacted' } | { kind: 'ignored' };

const STREAM_ERROR_KINDS: Record<string, ProviderErrorKind> = {
  overloaded_error: 'server',
  api_error: 'server',
  rate_limit_error: 'rate_limit',
  invalid_request_error: 'invalid_request',
  authentication_error: 'auth',
  permission_error: 'auth',
  not_found_error: 'not_found',
};

/**
 * Anthropic SSE (message_start … message_stop) → canonical chunks; usage goes last with `choices: []`.
 * Thinking: thinking_delta → `delta.reasoning_content`, signature_delta → `delta.thinking_blocks`
 * with the signature (which ends that thinking block), redacted_thinking → `delta.thinking_blocks`.
 * Citations: a citations_delta → `delta.citations` with the text block's start in `content`; a text
 * block that follows another text block (or a block not carried) starts with `citations: []` there,
 * so that the blocks stay apart (see `citedTextStartSchema`).
 */
export class AnthropicStreamTranslator implements ChatStreamTranslator {
  private readonly reader = new SseJsonReader();
  private readonly chunks: ChunkFactory;
  private readonly blocks = new Map<number, Block>();
  private toolCount = 0;
  /** The length of the `content` streamed so far (where the next text block starts). */
  private textLength = 0;
  /** The kind of the last block started: another text block after a text one must be told apart. */
  private lastKind: Block['kind'] | null = null;
  private sawText = false;
  private usage: Partial<AnthropicUsage> = {};
  private stopped = false;

  constructor(private readonly target: ProviderTarget) {
    this.chunks = new ChunkFactory('', target.deployment.upstreamModel);
  }

  push(raw: Uint8Array | string): OpenAiChatChunk[] {
    return this.reader.push(raw).flatMap((event) => this.translate(event));
  }

  end(): OpenAiChatChunk[] {
    const out = this.reader.end().flatMap((event) => this.translate(event));
    if (!this.stopped) {
      throw streamInterrupted(providerLabel(this.target));
    }
    return out;
  }

  private translate(raw: unknown): OpenAiChatChunk[] {
    const parsed = anthropicStreamEventSchema.safeParse(raw);
    if (!parsed.success) {
      // Event types added after this code was written are skipped, malformed known ones are errors.
      const type = (raw as { type?: unknown } | null)?.type;
      if (typeof type === 'string' && !KNOWN.has(type)) return [];
      throw new ProviderResponseError(`Unexpected Anthropic stream event: ${parsed.error.issues[0]?.message}`);
    }
    return this.onEvent(parsed.data);
  }

  private onEvent(event: AnthropicStreamEvent): OpenAiChatChunk[] {
    switch (event.type) {
      case 'message_start':
        this.chunks.id = event.message.id;
        this.chunks.model = event.message.model;
        this.usage = { ...event.message.usage };
        return [{ ...this.chunks.start(usageFromAnthropic(this.usage)), ...serviceTierFromAnthropic(event.message.usage.service_tier) }];
      case 'content_block_start':
        return this.onBlockStart(event.index, event.content_block);
      case 'content_block_delta': {
        const block = this.blocks.get(event.index);
        const delta = event.delta;
        if (delta.type === 'text_delta' && block?.kind === 'text') return [this.text(delta.text)];
        if (delta.type === 'citations_delta' && block?.kind === 'text') return [this.chunks.delta({ citations: [{ start: block.start, citations: [delta.citation] }] })];
        if (delta.type === 'thinking_delta' && block?.kind === 'thinking') return delta.thinking ? [this.chunks.delta({ reasoning_content: delta.thinking })] : [];
        if (delta.type === 'signature_delta' && block?.kind === 'thinking') {
          return [this.chunks.delta({ thinking_blocks: [{ type: 'thinking', thinking: '', signature: delta.signature }] })];
        }
        if (delta.type === 'input_json_delta' && block?.kind === 'json') return delta.partial_json ? [this.text(delta.partial_json)] : [];
        if (delta.type === 'input_json_delta' && block?.kind === 'tool') {
          return delta.partial_json ? [this.chunks.toolCall({ index: block.toolIndex, function: { arguments: delta.partial_json } })] : [];
        }
        return [];
      }
      case 'message_delta': {
        this.usage = { ...this.usage, ...definedOnly(event.usage) };
        const reason = finishReasonOf(event.delta.stop_reason, this.toolCount > 0);
        return reason ? [this.chunks.finish(reason, 0, matchedStopSequence(event.delta.stop_reason, event.delta.stop_sequence))] : [];
      }
      case 'message_stop':
        this.stopped = true;
        return [this.chunks.usage(usageFromAnthropic(this.usage))];
      case 'error': {
        const kind = STREAM_ERROR_KINDS[event.error.type] ?? 'server';
        throw new ProviderStreamError(classifyUpstreamError(providerLabel(this.target), 0, { message: event.error.message, code: event.error.type }, {}, kind));
      }
      default:
        return [];
    }
  }

  private text(content: string): OpenAiChatChunk {
    this.textLength += content.length;
    return this.chunks.text(content);
  }

  private onBlockStart(index: number, block: AnthropicContentBlock): OpenAiChatChunk[] {
    const after = this.lastKind;
    const start = this.textLength;
    const out = this.startBlock(index, block);
    this.lastKind = this.blocks.get(index)?.kind ?? null;
    // Another text block right after a text block (or a block not carried): where Claude split them.
    if (this.lastKind === 'text') {
      if (this.sawText && (after === 'text' || after === 'ignored')) out.unshift(this.chunks.delta({ citations: [{ start, citations: [] }] }));
      this.sawText = true;
    }
    return out;
  }

  private startBlock(index: number, block: AnthropicContentBlock): OpenAiChatChunk[] {
    if (block.type === 'text') {
      const start = this.textLength;
      this.blocks.set(index, { kind: 'text', start });
      const out = block.citations?.length ? [this.chunks.delta({ citations: [{ start, citations: block.citations }] })] : [];
      if (block.text) out.push(this.text(block.text));
      return out;
    }
    if (block.type === 'thinking') {
      this.blocks.set(index, { kind: 'thinking' });
      const out = block.thinking ? [this.chunks.delta({ reasoning_content: block.thinking })] : [];
      if (block.signature) out.push(this.chunks.delta({ thinking_blocks: [{ type: 'thinking', thinking: '', signature: block.signature }] }));
      return out;
    }
    if (block.type === 'redacted_thinking') {
      this.blocks.set(index, { kind: 'redacted' });
      return [this.chunks.delta({ thinking_blocks: [{ type: 'redacted_thinking', data: block.data }] })];
    }
    if (block.type === 'tool_use' && block.name === JSON_RESPONSE_TOOL) {
      this.blocks.set(index, { kind: 'json' });
      return [];
    }
    if (block.type === 'tool_use') {
      const toolIndex = this.toolCount++;
      this.blocks.set(index, { kind: 'tool', toolIndex });
      return [this.chunks.toolCall({ index: toolIndex, id: block.id, type: 'function', function: { name: block.name, arguments: '' } })];
    }
    this.blocks.set(index, { kind: 'ignored' });
    return [];
  }
}

const KNOWN = new Set(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop', 'ping', 'error']);

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v != null)) as Partial<T>;
}
