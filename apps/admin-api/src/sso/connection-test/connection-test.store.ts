import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../../config/admin-api-config';
import { REDIS } from '../../redis.token';
import { connectionTestSchema, type ConnectionTest, type ConnectionTestSuccess } from './connection-test.dto';

/** A test run and its result live this long (the admin's IdP round trip must finish within it). */
export const CONNECTION_TEST_TTL_SECONDS = 30 * 60;

const storedSchema = connectionTestSchema.extend({ orgId: z.uuid(), requestedBy: z.uuid() });
export type StoredConnectionTest = z.infer<typeof storedSchema>;

/** "Test connection" runs in Redis (shared by all admin API instances), one key per run, expiring. */
@Injectable()
export class ConnectionTestStore {
  constructor(@Inject(REDIS) private readonly redis: Redis, @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig) {}

  private key(id: string): string {
    return `${this.config.QUEUE_PREFIX}:sso-test:${id}`;
  }

  async create(input: { connectionId: string; orgId: string; requestedBy: string }): Promise<StoredConnectionTest> {
    const id = randomBytes(18).toString('base64url');
    const now = new Date();
    const run: StoredConnectionTest = {
      id,
      connectionId: input.connectionId,
      orgId: input.orgId,
      requestedBy: input.requestedBy,
      status: 'pending',
      loginUrl: `/api/v1/auth/sso/${input.connectionId}/start?test=${id}`,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + CONNECTION_TEST_TTL_SECONDS * 1000).toISOString(),
      finishedAt: null,
      result: null,
      failure: null,
    };
    await this.redis.set(this.key(id), JSON.stringify(run), 'EX', CONNECTION_TEST_TTL_SECONDS);
    return run;
  }

  async get(id: string): Promise<StoredConnectionTest | null> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(id)) return null;
    const raw = await this.redis.get(this.key(id));
    if (!raw) return null;
    const parsed = storedSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  /** Records the outcome once: a run that already finished (or expired) is left as it is. Returns the run, or null. */
  async finish(id: string, outcome: { result: ConnectionTestSuccess } | { failure: { reason: string; detail: string } }): Promise<StoredConnectionTest | null> {
    const run = await this.get(id);
    if (!run || run.status !== 'pending') return null;
    const finished: StoredConnectionTest = {
      ...run,
      status: 'result' in outcome ? 'succeeded' : 'failed',
      finishedAt: new Date().toISOString(),
      result: 'result' in outcome ? outcome.result : null,
      failure: 'failure' in outcome ? { reason: outcome.failure.reason, detail: outcome.failure.detail.slice(0, 1000) } : null,
    };
    const ttl = Math.max(1, Math.ceil((new Date(run.expiresAt).getTime() - Date.now()) / 1000));
    // XX: only while the run still exists, so an expired run is not resurrected.
    await this.redis.set(this.key(id), JSON.stringify(finished), 'EX', ttl, 'XX');
    return finished;
  }

  /** The public view (no org or requester). */
  static view(run: StoredConnectionTest): ConnectionTest {
    const { orgId: _o, requestedBy: _r, ...view } = run;
    return view;
  }
}
