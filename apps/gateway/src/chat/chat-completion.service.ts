import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { assertModelAllowed } from '../auth/virtual-key-verifier';
import { OpenAiChatResponder } from '../formats/openai-chat.responder';
import { ChatExecutor } from '../proxy/chat-executor';
import { assertModelServed } from '../proxy/model-availability';
import { ProxyRequestRunner } from '../proxy/proxy-request-runner';
import { parseChatRequest } from './chat-request';

/** POST /v1/chat/completions. */
@Injectable()
export class ChatCompletionService {
  constructor(
    private readonly runner: ProxyRequestRunner,
    private readonly executor: ChatExecutor,
  ) {}

  handle(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    return this.runner.run(req, reply, 'chat.completions', async ({ snapshot, key, accounting, signal }) => {
      const body = parseChatRequest(req.body);
      accounting.model = body.model;
      accounting.stream = body.stream === true;
      assertModelAllowed(key, body.model);
      assertModelServed(snapshot, body.model);
      const responder = new OpenAiChatResponder(reply, body.stream_options?.include_usage === true);
      const execution = await this.executor.execute(snapshot, key, body, responder, signal);
      accounting.usage = execution.usage;
      accounting.servedBy = execution.servedBy;
      accounting.ttftMs = execution.ttftMs;
    });
  }
}
