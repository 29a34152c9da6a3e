import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Budget } from '@sluice/contracts';
import { budgetPeriodAt, NANOS_PER_USD, RedisLimiter, type BudgetRule } from '@sluice/governance';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import { REDIS } from '../redis.token';
import type { BudgetSpend } from './effective-policies';

/**
 * Reads (never writes) the gateways' live budget counters in Redis: the same key the admission
 * script checks (`RedisLimiter.keyOf`), for the rule the gateway builds for a budget attached to a
 * scope. Stored policies allow one budget per scope, so the gateway's rule index is always 0.
 */
@Injectable()
export class BudgetSpendReader {
  private readonly limiter: RedisLimiter;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ADMIN_API_CONFIG) config: AdminApiConfig,
  ) {
    this.limiter = new RedisLimiter(redis, config.QUEUE_PREFIX);
  }

  async read(orgId: string, scopeType: string, scopeId: string, budget: Budget, now = new Date()): Promise<BudgetSpend> {
    const period = budgetPeriodAt(budget.period, now);
    const rule = { kind: 'budget', id: `${scopeType}:${scopeId}:budget:0`, period: period.id } as BudgetRule;
    const [spent, reserved] = await this.redis.hmget(this.limiter.keyOf(orgId, rule), 'spent', 'reserved');
    const spentUsd = Number(spent ?? 0) / NANOS_PER_USD;
    const reservedUsd = Number(reserved ?? 0) / NANOS_PER_USD;
    return {
      source: 'redis',
      periodId: period.id,
      periodEndsAt: period.endsAt?.toISOString() ?? null,
      spentUsd,
      reservedUsd,
      remainingUsd: Math.max(0, budget.amountUsd - spentUsd - reservedUsd),
    };
  }
}
