import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import { useDialectErrorHandler } from '../http/error-handler';
import { runProviderCall } from '../http/provider-call';
import { writeSse } from '../http/sse';
import { describeIssue } from '../http/validation';
import type { MockState } from '../mock-state';
import { anthropicDialect, requireAnthropicHeaders, sendAnthropicError } from './anthropic-errors';
import { planMessage, summariseConversation } from './messages-plan';
import { countTokensRequestSchema, messagesRequestSchema } from './messages-request';
import { messageBody, messageEvents, messageId } from './messages-response';
import { citedPlan } from './citations';
import { documentProblem } from './documents';
import { PromptCache } from '../text/prompt-cache';
import { cacheControlProblem, promptPrefixes } from './prompt-caching';
import { interleavedThinkingIsOn, thinkingProblem, thinkingSettingsProblem } from './thinking';

function parseBody<S extends z.ZodType>(schema: S, body: unknown, reply: FastifyReply): z.output<S> | undefined {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const problem = describeIssue(result.error);
  const message = problem.param ? `${problem.param}: ${result.error.issues[0]?.message ?? 'invalid'}` : problem.message;
  void sendAnthropicError(reply, 400, message);
  return undefined;
}

/** Anthropic Messages API routes (`/v1/messages`, `/v1/messages/count_tokens`), scoped auth and errors. */
export function anthropicPlugin(state: MockState) {
  const cache = new PromptCache();
  return async function anthropicRoutes(app: FastifyInstance): Promise<void> {
    useDialectErrorHandler(app, anthropicDialect);
    app.addHook('onRequest', requireAnthropicHeaders);

    app.post('/v1/messages', async (request, reply) => {
      const body = parseBody(messagesRequestSchema, request.body, reply);
      if (!body) return reply;
      const interleaved = interleavedThinkingIsOn(request.headers['anthropic-beta']);
      const problem = thinkingSettingsProblem(body, interleaved) ?? thinkingProblem(body) ?? documentProblem(body) ?? cacheControlProblem(body);
      if (problem) return sendAnthropicError(reply, 400, problem);
      const stream = body.stream === true;
      return runProviderCall(state, request, reply, anthropicDialect, { model: body.model, stream }, async ({ plan, signal }) => {
        const planned = planMessage(body, plan.outputTokens, interleaved);
        const message = citedPlan(body, planned) ?? planned;
        const cached = cache.use(promptPrefixes(body).boundaries, message.inputTokens);
        const id = messageId();
        if (stream) return writeSse(reply, messageEvents(id, body.model, message, cached), plan, signal);
        return reply.send(messageBody(id, body.model, message, cached));
      });
    });

    app.post('/v1/messages/count_tokens', async (request, reply) => {
      const body = parseBody(countTokensRequestSchema, request.body, reply);
      if (!body) return reply;
      return { input_tokens: summariseConversation(body).inputTokens };
    });
  };
}
