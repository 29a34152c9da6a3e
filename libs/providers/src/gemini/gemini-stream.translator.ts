import { geminiGenerateContentResponseSchema, type GeminiUsageMetadata, type OpenAiChatChunk } from '@sluice/contracts';
import { ChunkFactory } from '../core/chunk-factory';
import { newId } from '../core/canonical';
import { classifyUpstreamError, nestedErrorDetails } from '../core/error-classification';
import { ProviderResponseError, ProviderStreamError, streamInterrupted } from '../core/errors';
import type { ChatStreamTranslator, ProviderTarget } from '../core/provider-adapter';
import { providerLabel } from '../core/define-adapter';
import { SseJsonReader } from '../core/sse-json-reader';
import { candidateOutput, finishReasonOf, usageFromGemini } from './gemini-response.mapper';

/**
 * Gemini `streamGenerateContent?alt=sse`: each event is a partial GenerateContentResponse.
 * Function calls arrive whole; usage is cumulative and sent once, last, from `end()`.
 */
export class GeminiStreamTranslator implements ChatStreamTranslator {
  private readonly reader = new SseJsonReader();
  private readonly chunks: ChunkFactory;
  private readonly started = new Set<number>();
  private readonly toolCounts = new Map<number, number>();
  private finished = false;
  private usage: GeminiUsageMetadata | undefined;

  constructor(private readonly target: ProviderTarget) {
    this.chunks = new ChunkFactory(newId('chatcmpl-'), target.deployment.upstreamModel);
  }

  push(raw: Uint8Array | string): OpenAiChatChunk[] {
    return this.reader.push(raw).flatMap((event) => this.translate(event));
  }

  end(): OpenAiChatChunk[] {
    const out = this.reader.end().flatMap((event) => this.translate(event));
    if (!this.finished) throw streamInterrupted(providerLabel(this.target));
    return [...out, this.chunks.usage(usageFromGemini(this.usage))];
  }

  private translate(raw: unknown): OpenAiChatChunk[] {
    if (raw && typeof raw === 'object' && 'error' in raw) {
      throw new ProviderStreamError(classifyUpstreamError(providerLabel(this.target), 0, nestedErrorDetails(JSON.stringify(raw)), {}, 'server'));
    }
    const parsed = geminiGenerateContentResponseSchema.safeParse(raw);
    if (!parsed.success) throw new ProviderResponseError(`Unexpected Gemini stream event: ${parsed.error.issues[0]?.message}`);
    const event = parsed.data;
    if (event.responseId) this.chunks.id = event.responseId;
    if (event.modelVersion) this.chunks.model = event.modelVersion;
    if (event.usageMetadata) this.usage = event.usageMetadata;
    const out: OpenAiChatChunk[] = [];
    if (!event.candidates?.length && event.promptFeedback?.blockReason) {
      this.finished = true;
      out.push(this.chunks.finish('content_filter'));
    }
    (event.candidates ?? []).forEach((candidate, i) => {
      const index = candidate.index ?? i;
      if (!this.started.has(index)) {
        this.started.add(index);
        out.push(this.chunks.delta({ role: 'assistant', content: '' }, index));
      }
      const { text, reasoning, toolCalls } = candidateOutput(candidate);
      if (reasoning) out.push(this.chunks.delta({ reasoning_content: reasoning }, index));
      if (text) out.push(this.chunks.text(text, index));
      for (const call of toolCalls) {
        const toolIndex = this.toolCounts.get(index) ?? 0;
        this.toolCounts.set(index, toolIndex + 1);
        out.push(this.chunks.toolCall({ index: toolIndex, ...call }, index));
      }
      const reason = finishReasonOf(candidate.finishReason, (this.toolCounts.get(index) ?? 0) > 0);
      if (reason) {
        this.finished = true;
        out.push(this.chunks.finish(reason, index));
      }
    });
    return out;
  }
}
