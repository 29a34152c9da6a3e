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

/** Where an SSO session came from: what a SAML single logout names (NameID, SessionIndex) to end it. */
const sessionSsoSchema = z.strictObject({
  connectionId: z.uuid(),
  nameId: z.string(),
  nameIdFormat: z.string().optional(),
  sessionIndex: z.string().optional(),
});
export type SessionSso = z.infer<typeof sessionSsoSchema>;

const sessionSchema = z.strictObject({
  userId: z.uuid(),
  csrfToken: z.string().min(32),
  createdAt: z.number().int(),
  lastSeenAt: z.number().int(),
  sso: sessionSsoSchema.optional(),
});
export type Session = z.infer<typeof sessionSchema>;

/**
 * Server-side sessions in Redis. The cookie carries a random 256-bit id; Redis holds only its
 * SHA-256, so a Redis dump does not yield usable cookies.
 *
 * A per-user set (`<prefix>:user-sessions:<userId>`) indexes the session keys of each user so all of
 * them can be revoked at once (sign out everywhere, deactivation, SCIM). Members are added on create,
 * removed on destroy and on expiry (an expired member is pruned when the user's next session is
 * created or when the set is walked); the set itself expires with the longest possible session.
 *
 * Redis Cluster: a session key and the user's index are separate units in different slots, so no
 * MULTI spans both. The index entry is written before the session (a crash in between leaves an
 * index entry without a session, which pruning removes — never a session that revocation misses),
 * and sessions are deleted one key at a time. Each MULTI touches one key.
 */
@Injectable()
export class SessionStore {
  constructor(@Inject(REDIS) private readonly redis: Redis, @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig) {}

  private key(sessionId: string): string {
    return `${this.config.QUEUE_PREFIX}:session:${createHash('sha256').update(sessionId).digest('hex')}`;
  }

  private userIndexKey(userId: string): string {
    return `${this.config.QUEUE_PREFIX}:user-sessions:${userId}`;
  }

  async create(userId: string, now = Date.now(), sso?: SessionSso): Promise<{ id: string; session: Session }> {
    const id = randomBytes(32).toString('base64url');
    const session: Session = { userId, csrfToken: randomBytes(32).toString('base64url'), createdAt: now, lastSeenAt: now, ...(sso ? { sso } : {}) };
    const key = this.key(id);
    await this.pruneExpired(userId);
    await this.redis.multi().sadd(this.userIndexKey(userId), key).expire(this.userIndexKey(userId), SESSION_ABSOLUTE_SECONDS).exec();
    await this.redis.set(key, JSON.stringify(session), 'EX', SESSION_IDLE_SECONDS);
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
      await this.redis.srem(this.userIndexKey(session.userId), key);
      return null;
    }
    const touched = { ...session, lastSeenAt: now };
    await this.redis.set(key, JSON.stringify(touched), 'EX', Math.min(SESSION_IDLE_SECONDS, remainingAbsolute));
    return touched;
  }

  async destroy(sessionId: string): Promise<void> {
    const key = this.key(sessionId);
    const raw = await this.redis.get(key);
    const parsed = raw ? sessionSchema.safeParse(JSON.parse(raw)) : null;
    await this.redis.del(key);
    if (parsed?.success) await this.redis.srem(this.userIndexKey(parsed.data.userId), key);
  }

  /** Ends every session of the user (on every instance: the sessions live in Redis). Returns how many were live. */
  async revokeAllForUser(userId: string): Promise<number> {
    const indexKey = this.userIndexKey(userId);
    const keys = await this.redis.smembers(indexKey);
    if (keys.length === 0) return 0;
    const deleted = await Promise.all(keys.map((key) => this.redis.del(key)));
    await this.redis.del(indexKey);
    return deleted.reduce((sum, n) => sum + n, 0);
  }

  /**
   * Ends the user's sessions that came from this SSO connection — only the one with `sessionIndex` when
   * given (SAML single logout names the IdP session). Returns how many ended.
   */
  async revokeSsoSessions(userId: string, connectionId: string, sessionIndexes: readonly string[] = []): Promise<number> {
    const indexKey = this.userIndexKey(userId);
    let revoked = 0;
    for (const key of await this.redis.smembers(indexKey)) {
      const raw = await this.redis.get(key);
      const parsed = raw ? sessionSchema.safeParse(JSON.parse(raw)) : null;
      const sso = parsed?.success ? parsed.data.sso : undefined;
      if (!sso || sso.connectionId !== connectionId) continue;
      if (sessionIndexes.length > 0 && (!sso.sessionIndex || !sessionIndexes.includes(sso.sessionIndex))) continue;
      const [[, deleted] = [null, 0]] = (await this.redis.multi().del(key).srem(indexKey, key).exec()) ?? [];
      revoked += Number(deleted);
    }
    return revoked;
  }

  /** How many live sessions the user has (prunes index entries whose session expired). */
  async countForUser(userId: string): Promise<number> {
    await this.pruneExpired(userId);
    return this.redis.scard(this.userIndexKey(userId));
  }

  private async pruneExpired(userId: string): Promise<void> {
    const indexKey = this.userIndexKey(userId);
    const keys = await this.redis.smembers(indexKey);
    if (keys.length === 0) return;
    const exists = await Promise.all(keys.map((k) => this.redis.exists(k)));
    const dead = keys.filter((_, i) => exists[i] === 0);
    if (dead.length > 0) await this.redis.srem(indexKey, ...dead);
  }
}
