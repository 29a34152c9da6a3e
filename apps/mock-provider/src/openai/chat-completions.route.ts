import type { FastifyInstance } from 'fastify';
import { runProviderCall } from '../http/provider-call';
import { writeSse } from '../http/sse';
import type { MockState } from '../mock-state';
import { planChatCompletion } from './chat-completion';
import { mockChatRequestSchema } from './chat-request';
import { chatCompletionBody, chatCompletionChunks, chatEnvelope } from './chat-response';
import { parseOpenAiBody } from './openai-body';
import { openAiDialect } from './openai-errors';

/** `POST /v1/chat/completions`, JSON or SSE. */
export function registerChatCompletions(app: FastifyInstance, state: MockState): void {
  app.post('/v1/chat/completions', async (request, reply) => {
    const body = parseOpenAiBody(mockChatRequestSchema, request.body, reply);
    if (!body) return reply;
    const stream = body.stream === true;
    return runProviderCall(state, request, reply, openAiDialect, { model: body.model, stream }, async ({ plan, signal }) => {
      const completion = planChatCompletion(body, plan.outputTokens);
      const envelope = chatEnvelope(body.model);
      if (!stream) return reply.send(chatCompletionBody(envelope, body, completion));
      await writeSse(reply, chatCompletionChunks(envelope, body, completion), plan, signal);
    });
  });
}
