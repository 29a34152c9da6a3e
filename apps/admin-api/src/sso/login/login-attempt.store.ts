import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../../config/admin-api-config';
import { REDIS } from '../../redis.token';

/** A started sign-in lives this long; the IdP round trip must finish within it. */
export const LOGIN_ATTEMPT_TTL_SECONDS = 10 * 60;

const attemptSchema = z.strictObject({
  connectionId: z.uuid(),
  orgId: z.uuid(),
  returnTo: z.string(),
  /** OIDC: PKCE verifier and nonce bound to this attempt. */
  codeVerifier: z.string().optional(),
  nonce: z.string().optional(),
  /** SAML: the AuthnRequest ID the response must answer (InResponseTo). */
  requestId: z.string().optional(),
  /** Set when an admin's "test connection" run started this sign-in: record the outcome, create no session. */
  testId: z.string().optional(),
  createdAt: z.number().int(),
});
export type LoginAttempt = z.infer<typeof attemptSchema>;

/**
 * Server-side state of SSO sign-ins in Redis (shared by every admin API instance), keyed by the
 * OIDC `state` or the SAML request id. Single use: `take` reads and deletes atomically (GETDEL).
 */
@Injectable()
export class LoginAttemptStore {
  constructor(@Inject(REDIS) private readonly redis: Redis, @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig) {}

  private key(id: string): string {
    return `${this.config.QUEUE_PREFIX}:sso-attempt:${id}`;
  }

  static newId(): string {
    return randomBytes(32).toString('base64url');
  }

  async save(id: string, attempt: Omit<LoginAttempt, 'createdAt'>): Promise<void> {
    await this.redis.set(this.key(id), JSON.stringify({ ...attempt, createdAt: Date.now() }), 'EX', LOGIN_ATTEMPT_TTL_SECONDS);
  }

  /** The attempt, removed so it cannot be used again; null when unknown, expired or already used. */
  async take(id: string): Promise<LoginAttempt | null> {
    if (!/^[A-Za-z0-9_-]{16,200}$/.test(id)) return null;
    const raw = await this.redis.getdel(this.key(id));
    if (!raw) return null;
    const parsed = attemptSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }
}
