import type { FastifyInstance } from 'fastify';
import { sendOpenAiError } from './openai-errors';

/** Model ids the mock lists; any other model name is accepted by the generation endpoints too. */
export const MOCK_OPENAI_MODELS = [
  'gpt-4o',
  'gpt-4o-mini',
  'gpt-4.1',
  'gpt-4.1-mini',
  'o4-mini',
  'gpt-3.5-turbo-instruct',
  'text-embedding-3-small',
  'text-embedding-3-large',
  'text-embedding-ada-002',
];

const CREATED = 1_700_000_000;

function modelObject(id: string) {
  return { id, object: 'model', created: CREATED, owned_by: 'mock-provider' };
}

/** `GET /v1/models` and `GET /v1/models/{model}`. */
export function registerModels(app: FastifyInstance): void {
  app.get('/v1/models', async () => ({ object: 'list', data: MOCK_OPENAI_MODELS.map(modelObject) }));
  app.get<{ Params: { model: string } }>('/v1/models/:model', async (request, reply) => {
    if (!MOCK_OPENAI_MODELS.includes(request.params.model)) {
      return sendOpenAiError(reply, 404, `The model '${request.params.model}' does not exist`, 'model');
    }
    return modelObject(request.params.model);
  });
}
