import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { SnapshotStore } from '../snapshot/snapshot-store';
import { REDIS } from '../redis/redis.tokens';

@Controller('health')
export class HealthController {
  constructor(private readonly store: SnapshotStore, @Inject(REDIS) private readonly redis: Redis | null) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready once a config snapshot is loaded and Redis answers (a standalone gateway without Redis has no Redis check). */
  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const checks: Record<string, 'up' | 'down'> = { snapshot: this.store.isLoaded ? 'up' : 'down' };
    if (this.redis) {
      checks.redis = await this.redis
        .ping()
        .then(() => 'up' as const)
        .catch(() => 'down' as const);
    }
    const ok = Object.values(checks).every((check) => check === 'up');
    await reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'error', checks, configVersion: this.store.current.version });
  }
}
