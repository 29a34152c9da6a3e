import type { FastifyReply } from 'fastify';
import type { OpenAiChatChunk, OpenAiChatCompletion } from '@sluice/contracts';
import { canonicalToResponsesResponse, formatResponsesSse, ResponsesStreamWriter } from '@sluice/providers';
import type { GatewayError } from '../errors/gateway-error';
import type { ChatResponder, ServedBy } from '../proxy/chat-responder';
import { openSse, servedByHeaders } from './sse-writer';

/** OpenAI Responses API wire format: a response object, or `response.*` stream events. */
export class ResponsesResponder implements ChatResponder {
  private readonly writer: ResponsesStreamWriter;

  constructor(private readonly reply: FastifyReply, private readonly model: string, private readonly parallelToolCalls: boolean | undefined) {
    this.writer = new ResponsesStreamWriter(model);
  }

  async json(completion: OpenAiChatCompletion, servedBy: ServedBy): Promise<void> {
    const body = canonicalToResponsesResponse(completion, { model: this.model, parallelToolCalls: this.parallelToolCalls });
    await this.reply.headers(servedByHeaders(servedBy)).status(200).send(body);
  }

  open(servedBy: ServedBy): void {
    openSse(this.reply, servedBy);
  }

  chunk(chunk: OpenAiChatChunk): void {
    for (const event of this.writer.push(chunk)) this.reply.raw.write(formatResponsesSse(event));
  }

  close(): void {
    this.reply.raw.end(this.writer.end().map(formatResponsesSse).join(''));
  }

  fail(error: GatewayError): void {
    if (this.reply.raw.destroyed) return;
    const event = { type: 'error', code: error.code, message: error.message, param: error.param };
    this.reply.raw.end(`event: error\ndata: ${JSON.stringify(event)}\n\n`);
  }
}
