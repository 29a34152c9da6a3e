import type { FastifyReply } from 'fastify';
import type { OpenAiChatChunk, OpenAiChatCompletion } from '@sluice/contracts';
import { AnthropicSseWriter, canonicalToAnthropicResponse, formatAnthropicSse } from '@sluice/providers';
import type { GatewayError } from '../errors/gateway-error';
import { toAnthropicError } from '../errors/anthropic-error';
import type { ChatResponder, ServedBy } from '../proxy/chat-responder';
import { openSse, servedByHeaders } from './sse-writer';

/** Anthropic Messages wire format: a message object, or the Anthropic SSE event sequence. */
export class AnthropicMessagesResponder implements ChatResponder {
  private readonly writer: AnthropicSseWriter;

  constructor(private readonly reply: FastifyReply, private readonly model: string) {
    this.writer = new AnthropicSseWriter(model);
  }

  async json(completion: OpenAiChatCompletion, servedBy: ServedBy): Promise<void> {
    await this.reply.headers(servedByHeaders(servedBy)).status(200).send(canonicalToAnthropicResponse(completion, this.model));
  }

  open(servedBy: ServedBy): void {
    openSse(this.reply, servedBy);
  }

  chunk(chunk: OpenAiChatChunk): void {
    for (const event of this.writer.push(chunk)) this.reply.raw.write(formatAnthropicSse(event));
  }

  close(): void {
    this.reply.raw.end(this.writer.end().map(formatAnthropicSse).join(''));
  }

  fail(error: GatewayError): void {
    if (this.reply.raw.destroyed) return;
    this.reply.raw.end(`event: error\ndata: ${JSON.stringify(toAnthropicError(error))}\n\n`);
  }
}
