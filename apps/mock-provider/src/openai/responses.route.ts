import type { FastifyInstance } from 'fastify';
import { runProviderCall } from '../http/provider-call';
import { writeSse } from '../http/sse';
import type { MockState } from '../mock-state';
import { parseOpenAiBody } from './openai-body';
import { openAiDialect } from './openai-errors';
import { ResponseBuilder } from './responses-body';
import { planResponse, responsesRequestSchema } from './responses-plan';

/** `POST /v1/responses` (Responses API), JSON or SSE with named events. */
export function registerResponses(app: FastifyInstance, state: MockState): void {
  app.post('/v1/responses', async (request, reply) => {
    const body = parseOpenAiBody(responsesRequestSchema, request.body, reply);
    if (!body) return reply;
    const stream = body.stream === true;
    return runProviderCall(state, request, reply, openAiDialect, { model: body.model, stream }, async ({ plan, signal }) => {
      const builder = new ResponseBuilder(body, planResponse(body, plan.outputTokens));
      if (stream) return writeSse(reply, builder.events(), plan, signal);
      return reply.send(builder.response(true));
    });
  });
}
