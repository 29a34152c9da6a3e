import { anthropicStreamEventSchema, type AnthropicContentBlock, type AnthropicStreamEvent, type AnthropicUsage, type OpenAiChatChunk } from '@sluice/contracts';
import { ChunkFactory } from '../core/chunk-factory';
import { classifyUpstreamError } from '../core/error-classification';
import { ProviderResponseError, ProviderStreamError, streamInterrupted } from '../core/errors';
import { JSON_RESPONSE_TOOL } from '../core/json-response-tool';
import type { ChatStreamTranslator, ProviderErrorKind, ProviderTarget } from '../core/provider-adapter';
import { providerLabel } from '../core/define-adapter';
import { SseJsonReader } from '../core/sse-json-reader';
import { finishReasonOf, matchedStopSequence, usageFromAnthropic, serviceTierFromAnthropic } from './anthropic-response.mapper';

type Block = { kind: 'text' } | { kind: 'thinking' } | { kind: 'json' } | { kind: 'tool'; toolIndex: number } | { kind: 'ignored' };

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
 */
export class AnthropicStreamTranslator implements ChatStreamTranslator {
  private readonly reader = new SseJsonReader();
  private readonly chunks: ChunkFactory;
  private readonly blocks = new Map<number, Block>();
  private toolCount = 0;
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
        if (delta.type === 'text_delta' && block?.kind === 'text') return [this.chunks.text(delta.text)];
        if (delta.type === 'thinking_delta' && block?.kind === 'thinking') return delta.thinking ? [this.chunks.delta({ reasoning_content: delta.thinking })] : [];
        if (delta.type === 'signature_delta' && block?.kind === 'thinking') {
          return [this.chunks.delta({ thinking_blocks: [{ type: 'thinking', thinking: '', signature: delta.signature }] })];
        }
        if (delta.type === 'input_json_delta' && block?.kind === 'json') return delta.partial_json ? [this.chunks.text(delta.partial_json)] : [];
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

  private onBlockStart(index: number, block: AnthropicContentBlock): OpenAiChatChunk[] {
    if (block.type === 'text') {
      this.blocks.set(index, { kind: 'text' });
      return block.text ? [this.chunks.text(block.text)] : [];
    }
    if (block.type === 'thinking') {
      this.blocks.set(index, { kind: 'thinking' });
      const out = block.thinking ? [this.chunks.delta({ reasoning_content: block.thinking })] : [];
      if (block.signature) out.push(this.chunks.delta({ thinking_blocks: [{ type: 'thinking', thinking: '', signature: block.signature }] }));
      return out;
    }
    if (block.type === 'redacted_thinking') {
      this.blocks.set(index, { kind: 'ignored' });
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
