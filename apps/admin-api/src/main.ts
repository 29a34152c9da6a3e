import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, fastifyTrustProxy, receiveDeadlineServerOptions } from '@sluice/contracts';
import { createLogger, PinoNestLogger, startTracing, tracingConfigFromEnv } from '@sluice/observability';
import { AdminApiModule } from './admin-api.module';
import { loadAdminApiConfig, type AdminApiConfig } from './config/admin-api-config';
import { problemFrameworkError, writeProblemClientError } from './errors/client-error-handler';
import { ProblemJsonFilter } from './errors/problem-json.filter';
import { registerSsoBodyParsers } from './sso/http/sso-body-parsers';

export async function createAdminApiApp(config: AdminApiConfig): Promise<NestFastifyApplication> {
  const logger = createLogger('admin-api', config.LOG_LEVEL);
  const app = await NestFactory.create<NestFastifyApplication>(
    AdminApiModule.register(config),
    new FastifyAdapter({ bodyLimit: 5 * 1024 * 1024, logger: false, trustProxy: fastifyTrustProxy(config.TRUST_PROXY), ...receiveDeadlineServerOptions(config.REQUEST_RECEIVE_TIMEOUT_MS), clientErrorHandler: writeProblemClientError, frameworkErrors: (error: FastifyError, request: unknown, reply: unknown) => problemFrameworkError(error, request as FastifyRequest, reply as FastifyReply) }),
    { logger: new PinoNestLogger(logger), abortOnError: false },
  );
  app.useGlobalFilters(new ProblemJsonFilter(logger));
  registerSsoBodyParsers(app);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  return app;
}

async function main(): Promise<void> {
  let config: AdminApiConfig;
  try {
    config = loadAdminApiConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // Before the app exists, so every request span goes to the real tracer provider.
  const tracing = startTracing(tracingConfigFromEnv('sluice-admin-api'));
  const app = await createAdminApiApp(config);
  // Nest closes the app on SIGTERM/SIGINT (enableShutdownHooks); the buffered spans go out last.
  app.getHttpAdapter().getInstance().addHook('onClose', async () => tracing.shutdown());
  await app.listen(config.ADMIN_API_PORT, config.HOST);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('admin-api failed to start:', error);
    process.exit(1);
  });
}
