import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { healthStatusSchema } from '@sluice/contracts';
import { Public } from '../auth/auth.decorators';
import { ApiRoute } from '../openapi/api-route.decorator';
import { REDIS } from '../redis.token';

@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource, @Inject(REDIS) private readonly redis: Redis) {}

  @ApiRoute({ tag: 'Health', summary: 'Liveness', response: { status: 200, description: 'The process is up', schema: z.object({ status: z.literal('ok') }) } })
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @ApiRoute({ tag: 'Health', summary: 'Readiness: Postgres and Redis reachable', response: { status: 200, description: 'Ready', schema: healthStatusSchema }, errors: [503] })
  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const [postgres, redis] = await Promise.all([
      this.dataSource.query('SELECT 1').then(() => 'up' as const, () => 'down' as const),
      this.redis.ping().then(() => 'up' as const, () => 'down' as const),
    ]);
    const ok = postgres === 'up' && redis === 'up';
    await reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'error', checks: { postgres, redis } });
  }
}
