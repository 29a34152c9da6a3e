import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../../config/admin-api-config';
import { Problem } from '../../errors/problem';
import { REDIS } from '../../redis.token';

/** SSO sign-in steps one client (IP) may take per window: starts, and answers from the IdP (callback/ACS). */
export const SSO_ATTEMPTS_PER_WINDOW = 100;
export const SSO_ATTEMPT_WINDOW_SECONDS = 10 * 60;

/**
 * Rate limit of SSO sign-in attempts per client IP (fixed window in Redis, shared by all instances),
 * like the password login's: every start stores state in Redis and sends the browser to the IdP, and
 * every callback costs a token exchange or a signature check.
 */
@Injectable()
export class SsoRateLimiter {
  constructor(@Inject(REDIS) private readonly redis: Redis, @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig) {}

  async hit(step: 'start' | 'answer', ip: string | null | undefined): Promise<void> {
    const id = createHash('sha256').update(`${step}\n${ip ?? '-'}`).digest('hex');
    const key = `${this.config.QUEUE_PREFIX}:sso-attempts:${id}`;
    const [[, count], [, ttl]] = (await this.redis.multi().incr(key).ttl(key).exec()) as [[null, number], [null, number]];
    if (ttl < 0) await this.redis.expire(key, SSO_ATTEMPT_WINDOW_SECONDS);
    if (count > SSO_ATTEMPTS_PER_WINDOW) throw new Problem(429, 'too-many-sso-attempts', 'Too many single sign-on attempts from this address. Try again in a few minutes.');
  }
}
