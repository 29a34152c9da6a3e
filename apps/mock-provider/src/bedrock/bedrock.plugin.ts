import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { useDialectErrorHandler } from '../http/error-handler';
import { runProviderCall } from '../http/provider-call';
import type { MockState } from '../mock-state';
import { bedrockAuthFailure } from './bedrock-auth';
import { bedrockDialect, sendBedrockError } from './bedrock-errors';
import { modelProblem } from './bedrock-models';
import { writeFrames } from './bedrock-stream';
import { PromptCache } from '../text/prompt-cache';
import { modelRequestProblem, planConverse, toMessagesRequest } from './converse-plan';
import { conversationProblem, converseRequestSchema, validationMessage } from './converse-request';
import { converseBody, converseStreamEvents, eventFrame, exceptionFrame, STREAM_EXCEPTIONS, type StreamEvent } from './converse-response';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body as received: SigV4 signs its hash. */
    bedrockRawBody?: Buffer;
  }
}

/** `x-mock-stream-exception: <member>`: ConverseStream sends that exception after its first delta, then ends. */
const STREAM_EXCEPTION_HEADER = 'x-mock-stream-exception';
const EVENTS_BEFORE_EXCEPTION = 2;

type ConverseRoute = FastifyRequest<{ Params: { modelId: string } }>;

function* frames(events: Iterable<StreamEvent>, exception: string | undefined): Generator<Uint8Array> {
  let sequence = 0;
  for (const event of events) {
    if (exception && sequence === EVENTS_BEFORE_EXCEPTION) {
      yield exceptionFrame(exception, STREAM_EXCEPTIONS[exception]);
      return;
    }
    yield eventFrame(event, sequence++);
  }
}

/**
 * Bedrock Runtime's Converse and ConverseStream (`/model/{modelId}/converse[-stream]`, registered
 * under the `/model` prefix): SigV4 (or Bedrock API key) auth, Bedrock's errors, Claude's answers.
 */
export function bedrockPlugin(state: MockState) {
  const cache = new PromptCache();
  return async function bedrockRoutes(app: FastifyInstance): Promise<void> {
    useDialectErrorHandler(app, bedrockDialect);
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      request.bedrockRawBody = body as Buffer;
      try {
        done(null, (body as Buffer).length ? JSON.parse((body as Buffer).toString('utf8')) : undefined);
      } catch (error) {
        done(Object.assign(error as Error, { statusCode: 400 }), undefined);
      }
    });
    app.addHook('onRequest', async (request, reply) => {
      reply.header('x-amzn-requestid', request.id);
    });
    // After parsing: the signature covers the body.
    app.addHook('preHandler', async (request, reply) => {
      const failure = await bedrockAuthFailure(request, request.bedrockRawBody ?? Buffer.alloc(0));
      if (failure) await sendBedrockError(reply, failure.status, failure.message, failure.exception);
    });
    app.setNotFoundHandler((request, reply) => sendBedrockError(reply, 404, `Unknown operation ${request.method} ${request.url.split('?')[0]}.`, 'UnknownOperationException'));

    app.post('/:modelId/converse', (request: ConverseRoute, reply) => converse(request, reply, false));
    app.post('/:modelId/converse-stream', (request: ConverseRoute, reply) => converse(request, reply, true));

    async function converse(request: ConverseRoute, reply: FastifyReply, stream: boolean) {
      const { modelId } = request.params;
      const refused = modelProblem(modelId);
      if (refused) return sendBedrockError(reply, refused.status, refused.message, refused.exception);
      const parsed = converseRequestSchema.safeParse(request.body ?? {});
      if (!parsed.success) return sendBedrockError(reply, 400, validationMessage(parsed.error));
      const body = parsed.data;
      const messages = toMessagesRequest(modelId, body);
      const problem = conversationProblem(body) ?? modelRequestProblem(modelId, body, messages);
      if (problem) return sendBedrockError(reply, 400, problem);
      const exception = request.headers[STREAM_EXCEPTION_HEADER];
      if (exception !== undefined && (typeof exception !== 'string' || !(exception in STREAM_EXCEPTIONS))) {
        return sendBedrockError(reply, 400, `${STREAM_EXCEPTION_HEADER} must be one of ${Object.keys(STREAM_EXCEPTIONS).join(', ')}`);
      }
      const started = Date.now();
      return runProviderCall(state, request, reply, bedrockDialect, { model: modelId, stream }, async ({ plan, signal }) => {
        const answer = planConverse(modelId, body, messages, plan.outputTokens, cache);
        const latencyMs = Date.now() - started;
        if (!stream) return reply.send(converseBody(answer, latencyMs));
        return writeFrames(reply, frames(converseStreamEvents(answer, latencyMs), exception), plan, signal);
      });
    }
  };
}
