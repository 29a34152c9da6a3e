import type { FastifyReply } from 'fastify';
import type { OpenAiChatChunk, OpenAiChatCompletion, ResponsesError, ResponsesRequestEcho } from '@sluice/contracts';
import { canonicalToResponsesResponse, formatResponsesSse, ResponsesStreamWriter } from '@sluice/providers';
import type { GatewayError } from '../errors/gateway-error';
import type { ChatResponder, ServedBy } from '../proxy/chat-responder';
import { openSse, servedByHeaders } from './sse-writer';

/** A gateway error as a failed response's `error`, with OpenAI's codes for it. */
export function responsesErrorOf(error: GatewayError): ResponsesError {
  const code = error.status === 429 ? 'rate_limit_exceeded' : error.status >= 400 && error.status < 500 ? 'invalid_prompt' : 'server_error';
  return { code, message: error.message };
}

/** OpenAI Responses API wire format: a response object, or `response.*` stream events. */
export class ResponsesResponder implements ChatResponder {
  private readonly writer: ResponsesStreamWriter;

  constructor(private readonly reply: FastifyReply, private readonly model: string, private readonly echo: ResponsesRequestEcho) {
    this.writer = new ResponsesStreamWriter(model, echo);
  }

  async json(completion: OpenAiChatCompletion, servedBy: ServedBy): Promise<void> {
    const body = canonicalToResponsesResponse(completion, { model: this.model, echo: this.echo });
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

  /** A broken stream ends with `response.failed` (not a bare `error` event), as OpenAI's does and its SDK reads. */
  fail(error: GatewayError): void {
    if (this.reply.raw.destroyed) return;
    this.reply.raw.end(this.writer.fail(responsesErrorOf(error)).map(formatResponsesSse).join(''));
  }
}
