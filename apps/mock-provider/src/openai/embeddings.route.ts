import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { runProviderCall } from '../http/provider-call';
import type { MockState } from '../mock-state';
import { DEFAULT_EMBEDDING_DIMENSIONS, embedText, toBase64Float32 } from '../text/embedding';
import { estimateTokens } from '../text/tokens';
import { parseOpenAiBody } from './openai-body';
import { openAiDialect } from './openai-errors';

const MAX_INPUTS = 2048;
const tokenArray = z.array(z.number().int().nonnegative()).min(1);

const embeddingsRequestSchema = z
  .object({
    model: z.string().min(1).max(200),
    input: z.union([z.string(), z.array(z.string()).min(1).max(MAX_INPUTS), tokenArray, z.array(tokenArray).min(1).max(MAX_INPUTS)]),
    dimensions: z.number().int().min(1).max(8192).optional(),
    encoding_format: z.enum(['float', 'base64']).optional(),
    user: z.string().optional(),
  })
  .loose();

/** The model's native size, like OpenAI's: 3072 for *-3-large, else 1536. */
function nativeDimensions(model: string): number {
  return /3-large/.test(model) ? 3072 : DEFAULT_EMBEDDING_DIMENSIONS;
}

function inputTexts(input: z.output<typeof embeddingsRequestSchema>['input']): string[] {
  if (typeof input === 'string') return [input];
  if (input.length > 0 && typeof input[0] === 'number') return [(input as number[]).join(' ')];
  return (input as Array<string | number[]>).map((item) => (typeof item === 'string' ? item : item.join(' ')));
}

/** `POST /v1/embeddings`: deterministic hashed embeddings (see text/embedding.ts). */
export function registerEmbeddings(app: FastifyInstance, state: MockState): void {
  app.post('/v1/embeddings', async (request, reply) => {
    const body = parseOpenAiBody(embeddingsRequestSchema, request.body, reply);
    if (!body) return reply;
    return runProviderCall(state, request, reply, openAiDialect, { model: body.model, stream: false }, () => {
      const texts = inputTexts(body.input);
      const dimensions = body.dimensions ?? nativeDimensions(body.model);
      const data = texts.map((text, index) => {
        const vector = embedText(text, dimensions);
        return { object: 'embedding', index, embedding: body.encoding_format === 'base64' ? toBase64Float32(vector) : vector };
      });
      const promptTokens = texts.reduce((sum, text) => sum + estimateTokens(text), 0);
      return reply.send({ object: 'list', data, model: body.model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } });
    });
  });
}
