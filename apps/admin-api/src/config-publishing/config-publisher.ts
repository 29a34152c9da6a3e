import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { configChangedChannel, configChangedMessageSchema } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import { ADMIN_API_LOGGER } from '../logger.token';
import { REDIS } from '../redis.token';

/**
 * Announces a committed config version to the gateways (they reload within 1 s). Call it only
 * after the transaction that bumped the version has committed. A lost publish is not fatal: the
 * gateways' poll picks the version up within CONFIG_POLL_INTERVAL_MS.
 */
@Injectable()
export class ConfigPublisher {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig,
    @Inject(ADMIN_API_LOGGER) private readonly logger: Logger,
  ) {}

  async publish(version: number): Promise<void> {
    const message = JSON.stringify(configChangedMessageSchema.parse({ version }));
    await this.redis.publish(configChangedChannel(this.config.QUEUE_PREFIX), message).catch((err: unknown) => {
      this.logger.warn({ err, version }, 'config version not published; gateways will pick it up by polling');
    });
  }
}
