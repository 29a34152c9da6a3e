import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError } from '@sluice/contracts';
import { createLogger, PinoNestLogger } from '@sluice/observability';
import { loadGatewayConfig, type GatewayConfig } from './config/gateway-config';
import { GatewayExceptionFilter } from './errors/gateway-exception.filter';
import { GatewayModule } from './gateway.module';

const MAX_BODY_BYTES = 20 * 1024 * 1024;

export async function createGatewayApp(config: GatewayConfig): Promise<NestFastifyApplication> {
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const app = await NestFactory.create<NestFastifyApplication>(
    GatewayModule.register(config, logger),
    new FastifyAdapter({ bodyLimit: MAX_BODY_BYTES, logger: false, return503OnClosing: true }),
    { logger: new PinoNestLogger(logger) },
  );
  app.useGlobalFilters(new GatewayExceptionFilter(logger));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
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
  const app = await createGatewayApp(config);
  await app.listen(config.GATEWAY_PORT, config.HOST);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('gateway failed to start:', error);
    process.exit(1);
  });
}
