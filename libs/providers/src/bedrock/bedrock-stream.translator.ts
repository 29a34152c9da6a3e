import { bedrockStreamEventSchemas, type OpenAiChatChunk } from '@sluice/contracts';
import type { Message } from '@smithy/eventstream-codec';
import { toUtf8 } from '@smithy/util-utf8';
import { ChunkFactory } from '../core/chunk-factory';
import { newId } from '../core/canonical';
import { classifyUpstreamError } from '../core/error-classification';
import { ProviderResponseError, ProviderStreamError, streamInterrupted } from '../core/errors';
import { JSON_RESPONSE_TOOL } from '../core/json-response-tool';
import type { ChatStreamTranslator, ProviderErrorKind, ProviderTarget } from '../core/provider-adapter';
import { providerLabel } from '../core/define-adapter';
import { finishReasonOf, usageFromBedrock } from './bedrock-response.mapper';
import { EventStreamReader, headerString } from './event-stream-reader';

type Block = { kind: 'json' } | { kind: 'tool'; toolIndex: number };

const EXCEPTION_KINDS: Record<string, ProviderErrorKind> = {
  throttlingException: 'rate_limit',
  serviceUnavailableException: 'server',
  internalServerException: 'server',
  modelStreamErrorException: 'server',
  modelTimeoutException: 'timeout',
};

type SafeParse<T> = { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };

function ok<T>(result: SafeParse<T>, type: string): T {
  if (!result.success) throw new ProviderResponseError(`Unexpected Bedrock ${type} event: ${result.error.issues[0]?.message}`);
  return result.data;
}

const events = bedrockStreamEventSchemas;

/** ConverseStream (binary event-stream) → canonical chunks; usage (the `metadata` event) goes last. */
export class BedrockStreamTranslator implements ChatStreamTranslator {
  private readonly reader = new EventStreamReader();
  private readonly chunks: ChunkFactory;
  private readonly blocks = new Map<number, Block>();
  private toolCount = 0;
  private stopped = false;

  constructor(private readonly target: ProviderTarget) {
    this.chunks = new ChunkFactory(newId('chatcmpl-'), target.deployment.upstreamModel);
  }

  push(raw: Uint8Array | string): OpenAiChatChunk[] {
    return this.reader.push(raw).flatMap((message) => this.translate(message));
  }

  end(): OpenAiChatChunk[] {
    if (!this.stopped || this.reader.pendingBytes > 0) throw streamInterrupted(providerLabel(this.target));
    return [];
  }

  private translate(message: Message): OpenAiChatChunk[] {
    const body: unknown = message.body.length ? JSON.parse(toUtf8(message.body)) : {};
    const messageType = headerString(message, ':message-type');
    if (messageType === 'exception' || messageType === 'error') {
      const code = headerString(message, ':exception-type') ?? headerString(message, ':error-code') ?? 'unknown';
      const text = (body as { message?: unknown; Message?: unknown }).message ?? (body as { Message?: unknown }).Message;
      const details = { code, message: typeof text === 'string' ? text : undefined };
      throw new ProviderStreamError(classifyUpstreamError(providerLabel(this.target), 0, details, {}, EXCEPTION_KINDS[code] ?? 'invalid_request'));
    }
    switch (headerString(message, ':event-type')) {
      case 'messageStart':
        ok(events.messageStart.safeParse(body), 'messageStart');
        return [this.chunks.delta({ role: 'assistant', content: '' })];
      case 'contentBlockStart': {
        const event = ok(events.contentBlockStart.safeParse(body), 'contentBlockStart');
        const tool = event.start.toolUse;
        if (!tool) return [];
        if (tool.name === JSON_RESPONSE_TOOL) {
          this.blocks.set(event.contentBlockIndex, { kind: 'json' });
          return [];
        }
        const toolIndex = this.toolCount++;
        this.blocks.set(event.contentBlockIndex, { kind: 'tool', toolIndex });
        return [this.chunks.toolCall({ index: toolIndex, id: tool.toolUseId, type: 'function', function: { name: tool.name, arguments: '' } })];
      }
      case 'contentBlockDelta': {
        const event = ok(events.contentBlockDelta.safeParse(body), 'contentBlockDelta');
        const block = this.blocks.get(event.contentBlockIndex);
        const input = event.delta.toolUse?.input;
        const reasoning = event.delta.reasoningContent;
        if (reasoning) return this.onReasoning(reasoning);
        if (event.delta.text !== undefined) return event.delta.text ? [this.chunks.text(event.delta.text)] : [];
        if (input && block?.kind === 'json') return [this.chunks.text(input)];
        if (input && block?.kind === 'tool') return [this.chunks.toolCall({ index: block.toolIndex, function: { arguments: input } })];
        return [];
      }
      case 'messageStop': {
        const event = ok(events.messageStop.safeParse(body), 'messageStop');
        this.stopped = true;
        return [this.chunks.finish(finishReasonOf(event.stopReason, this.toolCount > 0))];
      }
      case 'metadata':
        return [this.chunks.usage(usageFromBedrock(ok(events.metadata.safeParse(body), 'metadata').usage))];
      default:
        return [];
    }
  }

  /** Claude's reasoning deltas, as the Anthropic stream translator gives them (text, then the signature; redacted whole). */
  private onReasoning(reasoning: { text?: string; signature?: string; redactedContent?: string }): OpenAiChatChunk[] {
    if (reasoning.text) return [this.chunks.delta({ reasoning_content: reasoning.text })];
    if (reasoning.signature !== undefined) return [this.chunks.delta({ thinking_blocks: [{ type: 'thinking', thinking: '', signature: reasoning.signature }] })];
    if (reasoning.redactedContent !== undefined) return [this.chunks.delta({ thinking_blocks: [{ type: 'redacted_thinking', data: reasoning.redactedContent }] })];
    return [];
  }
}
