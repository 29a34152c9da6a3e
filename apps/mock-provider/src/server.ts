import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { createLogger, type Logger } from '@sluice/observability';
import { anthropicPlugin } from './anthropic/anthropic.plugin';
import { bedrockPlugin } from './bedrock/bedrock.plugin';
import { sendGeminiError } from './gemini/gemini-errors';
import { geminiPlugin } from './gemini/gemini.plugin';
import { registerMockControlRoutes } from './control/mock-control.routes';
import { MockState } from './mock-state';
import { sendOpenAiError } from './openai/openai-errors';
import { openAiPlugin } from './openai/openai.plugin';
import type { RecordedRequest } from './recorder';

export interface MockProviderOptions {
  /** Defaults to a silent logger, which is what tests want. */
  logger?: Logger;
  /** How many upstream requests `GET /_mock/requests` keeps (default 200). */
  recorderCapacity?: number;
  /** Latency added to every provider request unless a header or config says otherwise. */
  defaultLatencyMs?: number;
}

/** Large enough for base64 images in chat requests. */
const BODY_LIMIT_BYTES = 32 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    mockRecord?: RecordedRequest;
  }
}

/** The mock provider as a Fastify instance, not yet listening: call `listen({ port: 0 })` in tests. */
export function buildMockProvider(options: MockProviderOptions = {}): FastifyInstance {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; the cast keeps the instance type the default one.
    loggerInstance: (options.logger ?? createLogger('mock-provider', 'silent')) as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    // Hanging and streaming requests must not keep close() waiting.
    forceCloseConnections: true,
    genReqId: () => `mockreq_${randomUUID().replace(/-/g, '')}`,
    // Per-request access logs would drown the demo's logs; the mock logs faults and errors itself.
    logController: new LogController({ disableRequestLogging: true }),
  });
  const state = new MockState(options.recorderCapacity ?? 200, options.defaultLatencyMs ?? 0);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-mock-request-id', request.id);
    if (isProviderRoute(request.url)) {
      request.mockRecord = state.recorder.record({
        id: request.id,
        receivedAt: new Date().toISOString(),
        method: request.method,
        url: request.url,
        headers: request.headers,
      });
    }
  });
  app.addHook('preHandler', async (request) => {
    if (request.mockRecord && request.body !== undefined) request.mockRecord.body = request.body;
  });

  app.setNotFoundHandler((request, reply) => {
    const message = `Unknown route ${request.method} ${request.url.split('?')[0]} on the mock provider.`;
    return request.url.startsWith('/v1beta') ? sendGeminiError(reply, 404, message) : sendOpenAiError(reply, 404, message);
  });

  registerMockControlRoutes(app, state);
  // Each plugin's auth hook and error format apply to its own routes only (Fastify encapsulation).
  void app.register(anthropicPlugin(state));
  void app.register(openAiPlugin(state));
  void app.register(geminiPlugin(state));
  void app.register(bedrockPlugin(state), { prefix: '/model' });
  return app;
}

function isProviderRoute(url: string): boolean {
  return !url.startsWith('/_mock') && !url.startsWith('/health');
}
