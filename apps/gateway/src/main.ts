import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, fastifyTrustProxy, receiveDeadlineServerOptions } from '@sluice/contracts';
import { createLogger, PinoNestLogger, startTracing, tracingConfigFromEnv, type Tracing } from '@sluice/observability';
import { loadGatewayConfig, type GatewayConfig } from './config/gateway-config';
import { gatewayFrameworkError, writeGatewayClientError } from './errors/client-error-handler';
import { GatewayExceptionFilter } from './errors/gateway-exception.filter';
import { GatewayModule } from './gateway.module';
import { addServerTimingHeader } from './proxy/server-timing';

const MAX_BODY_BYTES = 20 * 1024 * 1024;

export async function createGatewayApp(config: GatewayConfig): Promise<NestFastifyApplication> {
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const app = await NestFactory.create<NestFastifyApplication>(
    GatewayModule.register(config, logger),
    // The receive deadline bounds the time to RECEIVE a request (slow-body clients), not streamed answers.
    new FastifyAdapter({ bodyLimit: MAX_BODY_BYTES, logger: false, trustProxy: fastifyTrustProxy(config.TRUST_PROXY), return503OnClosing: true, ...receiveDeadlineServerOptions(config.REQUEST_RECEIVE_TIMEOUT_MS), clientErrorHandler: writeGatewayClientError, frameworkErrors: (error: FastifyError, request: unknown, reply: unknown) => gatewayFrameworkError(error, request as FastifyRequest, reply as FastifyReply) }),
    { logger: new PinoNestLogger(logger), abortOnError: false },
  );
  app.useGlobalFilters(new GatewayExceptionFilter(logger));
  addServerTimingHeader(app.getHttpAdapter().getInstance());
  return app;
}

async function main(): Promise<void> {
  let config: GatewayConfig;
  try {
    config = loadGatewayConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const tracing = startTracing(tracingConfigFromEnv('sluice-gateway'));
  const app = await createGatewayApp(config);
  await app.listen({ port: config.GATEWAY_PORT, host: config.HOST, backlog: config.GATEWAY_LISTEN_BACKLOG });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void drainAndExit(app, config.SHUTDOWN_DRAIN_MS, tracing));
}

/**
 * Stops accepting connections, lets in-flight requests (streams included) finish, flushes usage
 * events and exits; after `drainMs` it exits anyway.
 */
async function drainAndExit(app: NestFastifyApplication, drainMs: number, tracing: Tracing): Promise<void> {
  const deadline = setTimeout(() => {
    console.error(`gateway: in-flight requests did not finish within ${drainMs} ms; exiting`);
    process.exit(1);
  }, drainMs);
  deadline.unref();
  await app.close();
  await tracing.shutdown();
  clearTimeout(deadline);
  process.exit(0);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('gateway failed to start:', error);
    process.exit(1);
  });
}
