import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { SnapshotStore } from '../snapshot/snapshot-store';
import { REDIS_LIMITS } from '../redis/redis.tokens';

type Check = 'up' | 'down';

@Controller('health')
export class HealthController {
  constructor(private readonly store: SnapshotStore, @Inject(REDIS_LIMITS) private readonly limits: Redis | null) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready (200) once a config snapshot is loaded; the server only listens after start-up has waited
   * for Redis (GatewayLifecycle). Redis going away later makes the gateway `degraded`, still 200: it
   * keeps serving under each organization's fail mode, and a 503 here would take every instance out
   * of the load balancer at once, turning a Redis outage into a gateway outage.
   */
  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const checks: Record<string, Check> = { snapshot: this.store.isLoaded ? 'up' : 'down' };
    // The limits client: no offline queue and a 500 ms command timeout, so a probe never hangs on Redis.
    if (this.limits) checks.redis = await this.limits.ping().then((): Check => 'up', (): Check => 'down');
    const status = checks.snapshot === 'down' ? 'error' : checks.redis === 'down' ? 'degraded' : 'ok';
    await reply.status(status === 'error' ? 503 : 200).send({ status, checks, configVersion: this.store.current.version });
  }
}
