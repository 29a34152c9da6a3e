import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { argon2id, hash as argon2Hash, verify as argon2Verify } from 'argon2';
import type { Redis } from 'ioredis';
import { DataSource, type EntityManager } from 'typeorm';
import { appendAuditEvent } from '@sluice/audit';
import { Membership, Organization, Team, User } from '@sluice/db';
import type { Logger } from '@sluice/observability';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import { Problem } from '../errors/problem';
import type { RequestContext } from '../http/request-context';
import { REDIS } from '../redis.token';
import { ADMIN_API_LOGGER } from '../logger.token';
import { LOGIN_MAX_ATTEMPTS, LOGIN_WINDOW_SECONDS } from './auth.constants';
import type { Principal } from './principal';
import { SessionStore, type Session } from './session.store';
import { TotpService } from './totp.service';

export interface LoginResult {
  sessionId: string;
  session: Session;
  userId: string;
}

export interface MeResponse {
  user: { id: string; email: string; displayName: string };
  memberships: Array<{ orgId: string; orgSlug: string; orgName: string; teamId: string | null; teamName: string | null; role: string }>;
  activeOrgId: string | null;
  csrfToken: string;
}

/** Break-glass login (email + argon2id password), logout and "who am I". */
@Injectable()
export class AuthService {
  /** Verified against when the email is unknown, so both paths cost one argon2id verification. */
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionStore,
    private readonly totp: TotpService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig,
    @Inject(ADMIN_API_LOGGER) private readonly logger: Logger,
  ) {}

  async login(email: string, password: string, context: RequestContext, previousSessionId?: string, totpCode?: string): Promise<LoginResult> {
    await this.countAttempt(email, context);
    const user = await this.dataSource.getRepository(User).createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
    const ok = await this.verifyPassword(user, password);
    if (!user || !ok) {
      if (user) await this.auditForUser(user.id, 'auth.login_failed', 'failure', context, 'password');
      else this.logger.warn({ ip: context.ip, requestId: context.requestId }, 'login failed for an unknown email (no organization to audit it in)');
      throw new Problem(401, 'invalid-credentials', 'The email or the password is wrong.');
    }
    await this.refuseWhenBreakGlassDisabled(user.id, context);
    if (await this.totp.isEnabled(user.id)) {
      if (!totpCode) throw new Problem(401, 'totp-required', 'This account needs a TOTP code (totpCode).');
      if (!(await this.totp.consume(user.id, totpCode))) {
        await this.auditForUser(user.id, 'auth.login_failed', 'failure', context, 'password', { reason: 'invalid_totp' });
        throw new Problem(401, 'invalid-totp', 'The TOTP code is wrong, expired or already used.');
      }
    }
    if (previousSessionId) await this.sessions.destroy(previousSessionId);
    const { id, session } = await this.sessions.create(user.id);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(User, { id: user.id }, { lastLoginAt: new Date() });
      await this.appendForUser(manager, user.id, 'auth.login_succeeded', 'success', context, 'password');
    });
    await this.redis.del(this.attemptsKey(email, context));
    return { sessionId: id, session, userId: user.id };
  }

  async logout(principal: Principal, context: RequestContext): Promise<void> {
    await this.sessions.destroy(principal.sessionId);
    await this.auditForUser(principal.userId, 'auth.logout', 'success', context, 'session');
  }

  /** TOTP enrolment of the break-glass account: secret + otpauth URI, confirmed by a first code. */
  enrollTotp(principal: Principal): Promise<{ secret: string; otpauthUri: string }> {
    return this.totp.enroll(principal.userId);
  }

  async confirmTotp(principal: Principal, code: string, context: RequestContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.totp.confirm(manager, principal.userId, code);
      await this.appendForUser(manager, principal.userId, 'auth.totp_enabled', 'success', context, 'session');
    });
  }

  /** Password sign-in is refused when any organization of the user turned break-glass login off (SSO only). */
  private async refuseWhenBreakGlassDisabled(userId: string, context: RequestContext): Promise<void> {
    const orgIds = [...new Set((await this.dataSource.getRepository(Membership).findBy({ userId })).map((m) => m.orgId))];
    if (orgIds.length === 0) return;
    const orgs = await this.dataSource.getRepository(Organization).findBy(orgIds.map((id) => ({ id })));
    if (orgs.every((o) => o.breakGlassLoginEnabled)) return;
    await this.auditForUser(userId, 'auth.login_failed', 'denied', context, 'password', { reason: 'break_glass_disabled' });
    throw new Problem(403, 'break-glass-disabled', 'Password sign-in is turned off for your organization: use single sign-on.');
  }

  /** "Sign out everywhere": ends every session of the caller, this one included. */
  async revokeAllSessions(principal: Principal, context: RequestContext): Promise<number> {
    const revoked = await this.sessions.revokeAllForUser(principal.userId);
    await this.auditForUser(principal.userId, 'auth.sessions_revoked', 'success', context, 'session', { revoked, reason: 'sign_out_everywhere' });
    return revoked;
  }

  async me(principal: Principal): Promise<MeResponse> {
    const orgIds = [...new Set(principal.memberships.map((m) => m.orgId))];
    const teamIds = principal.memberships.flatMap((m) => (m.teamId ? [m.teamId] : []));
    const orgs = orgIds.length ? await this.dataSource.getRepository(Organization).findBy(orgIds.map((id) => ({ id }))) : [];
    const teams = teamIds.length ? await this.dataSource.getRepository(Team).findBy(teamIds.map((id) => ({ id }))) : [];
    return {
      user: { id: principal.userId, email: principal.email, displayName: principal.displayName },
      memberships: principal.memberships.map((m) => {
        const org = orgs.find((o) => o.id === m.orgId);
        return {
          orgId: m.orgId,
          orgSlug: org?.slug ?? '',
          orgName: org?.name ?? '',
          teamId: m.teamId,
          teamName: teams.find((t) => t.id === m.teamId)?.name ?? null,
          role: m.role,
        };
      }),
      activeOrgId: principal.orgId,
      csrfToken: principal.session.csrfToken,
    };
  }

  private attemptsKey(email: string, context: RequestContext): string {
    const id = createHash('sha256').update(`${context.ip ?? '-'}\n${email.trim().toLowerCase()}`).digest('hex');
    return `${this.config.QUEUE_PREFIX}:login-attempts:${id}`;
  }

  /** Fixed window per (IP, email); every attempt counts, a success clears it. */
  private async countAttempt(email: string, context: RequestContext): Promise<void> {
    const key = this.attemptsKey(email, context);
    const [[, count], [, ttl]] = (await this.redis.multi().incr(key).ttl(key).exec()) as [[null, number], [null, number]];
    if (ttl < 0) await this.redis.expire(key, LOGIN_WINDOW_SECONDS);
    if (count > LOGIN_MAX_ATTEMPTS) throw new Problem(429, 'too-many-login-attempts', 'Too many sign-in attempts. Try again later.');
  }

  private async verifyPassword(user: User | null, password: string): Promise<boolean> {
    const stored = user?.status === 'active' ? user.passwordHash : null;
    this.dummyHash ??= argon2Hash('sluice-dummy-password', { type: argon2id });
    const hash = stored ?? (await this.dummyHash);
    const ok = await argon2Verify(hash, password).catch(() => false);
    return ok && stored !== null;
  }

  /** Auth events go into the chain of every organization the user belongs to (a chain is per org). */
  private async auditForUser(
    userId: string,
    action: string,
    result: 'success' | 'failure' | 'denied',
    context: RequestContext,
    authMethod: 'password' | 'session',
    metadata?: Record<string, unknown>,
  ): Promise<void> {
    await this.dataSource.transaction((manager) => this.appendForUser(manager, userId, action, result, context, authMethod, metadata));
  }

  private async appendForUser(
    manager: EntityManager,
    userId: string,
    action: string,
    result: 'success' | 'failure' | 'denied',
    context: RequestContext,
    authMethod: 'password' | 'session',
    metadata?: Record<string, unknown>,
  ): Promise<void> {
    const memberships = await manager.findBy(Membership, { userId });
    for (const orgId of [...new Set(memberships.map((m) => m.orgId))].sort()) {
      await appendAuditEvent(manager, {
        orgId,
        actor: { type: 'user', id: userId, authMethod },
        action,
        target: { type: 'user', id: userId },
        ip: context.ip,
        userAgent: context.userAgent,
        result,
        requestId: context.requestId,
        ...(metadata ? { after: metadata } : {}),
      });
    }
  }
}
