import type { FastifyReply } from 'fastify';
import type { OpenAiChatChunk, OpenAiChatCompletion } from '@sluice/contracts';
import { asOpenAiChatChunk, asOpenAiChatCompletion } from '@sluice/providers';
import type { GatewayError } from '../errors/gateway-error';
import type { ChatResponder, ServedBy } from '../proxy/chat-responder';
import { openSse, servedByHeaders } from './sse-writer';

/** OpenAI Chat Completions wire format: JSON, or SSE `data:` chunks ending with `[DONE]`. */
export class OpenAiChatResponder implements ChatResponder {
  constructor(
    private readonly reply: FastifyReply,
    /** Whether the client asked for the usage chunk (`stream_options.include_usage`). */
    private readonly includeUsage: boolean,
  ) {}

  async json(completion: OpenAiChatCompletion, servedBy: ServedBy): Promise<void> {
    await this.reply.headers(servedByHeaders(servedBy)).status(200).send(asOpenAiChatCompletion(completion));
  }

  open(servedBy: ServedBy): void {
    openSse(this.reply, servedBy);
  }

  chunk(chunk: OpenAiChatChunk): void {
    if (chunk.choices.length === 0 && chunk.usage && !this.includeUsage) return;
    if (!this.includeUsage && 'usage' in chunk) delete chunk.usage;
    // Sluice's own field (for Anthropic clients' message_start); not OpenAI's wire format.
    if ('prompt_usage' in chunk) delete chunk.prompt_usage;
    this.reply.raw.write(`data: ${JSON.stringify(asOpenAiChatChunk(chunk))}\n\n`);
  }

  close(): void {
    this.reply.raw.end('data: [DONE]\n\n');
  }

  fail(error: GatewayError): void {
    if (this.reply.raw.destroyed) return;
    this.reply.raw.end(`data: ${JSON.stringify(error.toOpenAi())}\n\n`);
  }
}
