import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { useDialectErrorHandler } from '../http/error-handler';
import { runProviderCall } from '../http/provider-call';
import { formatSse, sseEvent, startRawResponse, writeStream } from '../http/sse';
import { describeIssue } from '../http/validation';
import type { MockState } from '../mock-state';
import { embedText } from '../text/embedding';
import { generateContentBody, generateContentChunks, planGeneration, responseId } from './generate-content';
import { geminiDialect, requireGoogleApiKey, sendGeminiError } from './gemini-errors';
import { batchEmbedContentsRequestSchema, embedContentRequestSchema, generateContentRequestSchema, type EmbedContentRequest } from './gemini-request';

const MOCK_GEMINI_MODELS = ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.0-flash', 'gemini-embedding-001', 'text-embedding-004'];

function parseBody<S extends z.ZodType>(schema: S, body: unknown, reply: FastifyReply): z.output<S> | undefined {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const problem = describeIssue(result.error);
  void sendGeminiError(reply, 400, problem.param ? `Invalid JSON payload: ${problem.param}: ${result.error.issues[0]?.message}` : problem.message);
  return undefined;
}

/** `gemini-2.5-flash:generateContent` → model and method; the colon is part of Google's URL scheme. */
function splitModelMethod(value: string): { model: string; method: string } {
  const at = value.lastIndexOf(':');
  return at < 0 ? { model: value, method: '' } : { model: value.slice(0, at), method: value.slice(at + 1) };
}

function embedValues(model: string, request: EmbedContentRequest): number[] {
  const text = request.content.parts.map((part) => part.text ?? '').join('\n');
  const native = /gemini-embedding/.test(model) ? 3072 : 768;
  return embedText(text, request.outputDimensionality ?? native);
}

/** Gemini (Generative Language API v1beta) routes, with API-key auth and Google-format errors. */
export function geminiPlugin(state: MockState) {
  return async function geminiRoutes(app: FastifyInstance): Promise<void> {
    useDialectErrorHandler(app, geminiDialect);
    app.addHook('onRequest', requireGoogleApiKey);

    app.get('/v1beta/models', async () => ({
      models: MOCK_GEMINI_MODELS.map((model) => ({ name: `models/${model}`, displayName: model, version: '001' })),
    }));

    app.post<{ Params: { modelMethod: string }; Querystring: { alt?: string } }>('/v1beta/models/:modelMethod', async (request, reply) => {
      const { model, method } = splitModelMethod(request.params.modelMethod);
      switch (method) {
        case 'generateContent':
          return generate(request, reply, model, false);
        case 'streamGenerateContent':
          return generate(request, reply, model, true);
        case 'countTokens': {
          const body = parseBody(generateContentRequestSchema, request.body, reply);
          return body ? { totalTokens: planGeneration(body, 0).promptTokens } : reply;
        }
        case 'embedContent': {
          const body = parseBody(embedContentRequestSchema, request.body, reply);
          if (!body) return reply;
          return runProviderCall(state, request, reply, geminiDialect, { model, stream: false }, () =>
            reply.send({ embedding: { values: embedValues(model, body) } }),
          );
        }
        case 'batchEmbedContents': {
          const body = parseBody(batchEmbedContentsRequestSchema, request.body, reply);
          if (!body) return reply;
          return runProviderCall(state, request, reply, geminiDialect, { model, stream: false }, () =>
            reply.send({ embeddings: body.requests.map((item) => ({ values: embedValues(model, item) })) }),
          );
        }
        default:
          return sendGeminiError(reply, 404, `Method '${method}' is not found for model '${model}'.`);
      }
    });

    async function generate(request: FastifyRequest<{ Querystring: { alt?: string } }>, reply: FastifyReply, model: string, stream: boolean) {
      const body = parseBody(generateContentRequestSchema, request.body, reply);
      if (!body) return reply;
      return runProviderCall(state, request, reply, geminiDialect, { model, stream }, async ({ plan, signal }) => {
        const generation = planGeneration(body, plan.outputTokens);
        const id = responseId();
        if (!stream) return reply.send(generateContentBody(model, id, generation));
        const chunks = generateContentChunks(model, id, generation);
        if (request.query.alt === 'sse') {
          startRawResponse(reply, 'text/event-stream');
          return writeStream(reply, mapChunks(chunks, (chunk) => formatSse(sseEvent(chunk)).replace(/\n\n$/, '\r\n\r\n')), plan, signal);
        }
        // Without alt=sse Google streams one JSON array, element by element.
        startRawResponse(reply, 'application/json; charset=UTF-8');
        return writeStream(reply, jsonArrayPieces(chunks), plan, signal);
      });
    }
  };
}

function* mapChunks<T>(chunks: Iterable<T>, map: (chunk: T) => string): Generator<string> {
  for (const chunk of chunks) yield map(chunk);
}

function* jsonArrayPieces(chunks: Iterable<unknown>): Generator<string> {
  let first = true;
  for (const chunk of chunks) {
    yield `${first ? '[' : ',\r\n'}${JSON.stringify(chunk)}`;
    first = false;
  }
  yield first ? '[]' : ']';
}
