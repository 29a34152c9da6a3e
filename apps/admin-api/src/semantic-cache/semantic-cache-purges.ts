import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { SemanticCacheQueue } from '@sluice/cache';
import type { SemanticCachePurgeJob } from '@sluice/contracts';
import type { PolicyScopeType } from '@sluice/db';
import type { Logger } from '@sluice/observability';
import { bullmqPrefixOf } from '@sluice/redis';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import { ADMIN_API_LOGGER } from '../logger.token';
import { REDIS } from '../redis.token';

/**
 * Queues semantic-cache purges for the worker (`purge-scope` on `semantic-cache-writes`). Entries
 * are scoped by org and team, so a purge covers the team (or whole org) a change touches:
 * - a revoked key: what its team cached may have been written through it (a leaked key can seed
 *   answers others are served), so the team's entries go;
 * - a caching policy changed, attached or detached: entries cached under the old threshold, TTL or
 *   mode must not be served under the new one.
 * Purges run after the change committed; if Redis refuses the job the change stands and the entries
 * still expire by TTL, which is logged.
 */
@Injectable()
export class SemanticCachePurges implements OnApplicationShutdown {
  private readonly queue: SemanticCacheQueue;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(ADMIN_API_CONFIG) config: AdminApiConfig,
    private readonly dataSource: DataSource,
    @Inject(ADMIN_API_LOGGER) private readonly logger: Logger,
  ) {
    this.queue = new SemanticCacheQueue(redis, bullmqPrefixOf(config));
  }

  async afterKeyRevoked(key: { orgId: string; teamId: string | null }): Promise<void> {
    await this.enqueue([{ orgId: key.orgId, teamId: key.teamId }], 'api key revoked');
  }

  async afterCachePolicyChange(orgId: string, scopes: Array<{ type: PolicyScopeType; id: string }>): Promise<void> {
    const purges: SemanticCachePurgeJob[] = [];
    for (const scope of scopes) {
      if (scope.type === 'team') purges.push({ orgId, teamId: scope.id });
      else if (scope.type === 'key') purges.push({ orgId, teamId: await this.teamOfKey(orgId, scope.id) });
      // The org, or a user (whose keys may sit in any team): every entry of the org.
      else purges.push({ orgId });
    }
    await this.enqueue(purges, 'cache policy changed');
  }

  private async teamOfKey(orgId: string, keyId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query('SELECT team_id FROM api_keys WHERE id = $1 AND org_id = $2', [keyId, orgId])) as Array<{ team_id: string | null }>;
    return row?.team_id ?? null;
  }

  private async enqueue(purges: SemanticCachePurgeJob[], reason: string): Promise<void> {
    const orgWide = new Set(purges.filter((p) => p.teamId === undefined).map((p) => p.orgId));
    const unique = new Map<string, SemanticCachePurgeJob>();
    for (const purge of purges) {
      if (purge.teamId !== undefined && orgWide.has(purge.orgId)) continue;
      unique.set(`${purge.orgId}/${purge.teamId === undefined ? '*' : String(purge.teamId)}`, purge);
    }
    for (const purge of unique.values()) {
      try {
        await this.queue.enqueuePurge(purge);
      } catch (err) {
        this.logger.error({ err, purge, reason }, 'semantic-cache purge not queued: the entries expire by their TTL instead');
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
