import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import { REDIS } from '../redis.token';

/** Idle timeout: a session unused this long ends. */
export const SESSION_IDLE_SECONDS = 30 * 60;
/** Absolute timeout: no session lives longer than this, however active. */
export const SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60;

const sessionSchema = z.strictObject({
  userId: z.uuid(),
  csrfToken: z.string().min(32),
  createdAt: z.number().int(),
  lastSeenAt: z.number().int(),
});
export type Session = z.infer<typeof sessionSchema>;

/**
 * Server-side sessions in Redis. The cookie carries a random 256-bit id; Redis holds only its
 * SHA-256, so a Redis dump does not yield usable cookies.
 */
@Injectable()
export class SessionStore {
  constructor(@Inject(REDIS) private readonly redis: Redis, @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig) {}

  private key(sessionId: string): string {
    return `${this.config.QUEUE_PREFIX}:session:${createHash('sha256').update(sessionId).digest('hex')}`;
  }

  async create(userId: string, now = Date.now()): Promise<{ id: string; session: Session }> {
    const id = randomBytes(32).toString('base64url');
    const session: Session = { userId, csrfToken: randomBytes(32).toString('base64url'), createdAt: now, lastSeenAt: now };
    await this.redis.set(this.key(id), JSON.stringify(session), 'EX', SESSION_IDLE_SECONDS);
    return { id, session };
  }

  /** The live session, its idle timer restarted; null when unknown, idle too long or past the absolute limit. */
  async touch(sessionId: string, now = Date.now()): Promise<Session | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return null;
    const key = this.key(sessionId);
    const raw = await this.redis.get(key);
    if (!raw) return null;
    const parsed = sessionSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return null;
    const session = parsed.data;
    const remainingAbsolute = Math.floor((session.createdAt + SESSION_ABSOLUTE_SECONDS * 1000 - now) / 1000);
    if (remainingAbsolute <= 0 || now - session.lastSeenAt > SESSION_IDLE_SECONDS * 1000) {
      await this.redis.del(key);
      return null;
    }
    const touched = { ...session, lastSeenAt: now };
    await this.redis.set(key, JSON.stringify(touched), 'EX', Math.min(SESSION_IDLE_SECONDS, remainingAbsolute));
    return touched;
  }

  async destroy(sessionId: string): Promise<void> {
    await this.redis.del(this.key(sessionId));
  }
}
