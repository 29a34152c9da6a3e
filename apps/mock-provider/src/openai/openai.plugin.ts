import type { FastifyInstance } from 'fastify';
import { useDialectErrorHandler } from '../http/error-handler';
import type { MockState } from '../mock-state';
import { registerChatCompletions } from './chat-completions.route';
import { requireBearerToken } from './openai-auth';
import { openAiDialect } from './openai-errors';

/** The OpenAI-compatible routes, with Bearer auth and OpenAI-format errors scoped to them. */
export function openAiPlugin(state: MockState) {
  return async function openAiRoutes(app: FastifyInstance): Promise<void> {
    useDialectErrorHandler(app, openAiDialect);
    app.addHook('onRequest', requireBearerToken);
    registerChatCompletions(app, state);
  };
}
