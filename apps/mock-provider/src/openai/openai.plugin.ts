import type { FastifyInstance } from 'fastify';
import { useDialectErrorHandler } from '../http/error-handler';
import type { MockState } from '../mock-state';
import { registerChatCompletions } from './chat-completions.route';
import { registerCompletions } from './completions.route';
import { registerEmbeddings } from './embeddings.route';
import { registerModels } from './models.route';
import { requireBearerToken } from './openai-auth';
import { openAiDialect } from './openai-errors';
import { registerResponses } from './responses.route';

/** The OpenAI-compatible routes, with Bearer auth and OpenAI-format errors scoped to them. */
export function openAiPlugin(state: MockState) {
  return async function openAiRoutes(app: FastifyInstance): Promise<void> {
    useDialectErrorHandler(app, openAiDialect);
    app.addHook('onRequest', requireBearerToken);
    registerChatCompletions(app, state);
    registerCompletions(app, state);
    registerResponses(app, state);
    registerEmbeddings(app, state);
    registerModels(app);
  };
}
