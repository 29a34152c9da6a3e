import type { FastifyReply } from 'fastify';
import type { OpenAiChatChunk, OpenAiChatCompletion } from '@sluice/contracts';
import { canonicalChunkToTextCompletion, canonicalToTextCompletion } from '@sluice/providers';
import type { GatewayError } from '../errors/gateway-error';
import type { ChatResponder, ServedBy } from '../proxy/chat-responder';
import { openSse, servedByHeaders } from './sse-writer';

/** Legacy `/v1/completions` wire format (text_completion objects). */
export class CompletionsResponder implements ChatResponder {
  constructor(private readonly reply: FastifyReply, private readonly includeUsage: boolean) {}

  async json(completion: OpenAiChatCompletion, servedBy: ServedBy): Promise<void> {
    await this.reply.headers(servedByHeaders(servedBy)).status(200).send(canonicalToTextCompletion(completion));
  }

  open(servedBy: ServedBy): void {
    openSse(this.reply, servedBy);
  }

  chunk(chunk: OpenAiChatChunk): void {
    if (chunk.choices.length === 0 && chunk.usage && !this.includeUsage) return;
    this.reply.raw.write(`data: ${JSON.stringify(canonicalChunkToTextCompletion(chunk))}\n\n`);
  }

  close(): void {
    this.reply.raw.end('data: [DONE]\n\n');
  }

  fail(error: GatewayError): void {
    if (this.reply.raw.destroyed) return;
    this.reply.raw.end(`data: ${JSON.stringify(error.toOpenAi())}\n\n`);
  }
}
