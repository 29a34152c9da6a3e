import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SsoIdentity, User } from '@sluice/db';
import type { Logger } from '@sluice/observability';
import { SessionStore, type Session, type SessionSso } from '../../auth/session.store';
import type { RequestContext } from '../../http/request-context';
import { ADMIN_API_LOGGER } from '../../logger.token';
import { auditIdpEvent } from '../sso-audit';

/** Ends an SSO sign-in the way break-glass login ends: rotated session (cookie + CSRF token), audited in the org. */
@Injectable()
export class SsoSignInService {
  constructor(private readonly dataSource: DataSource, private readonly sessions: SessionStore, @Inject(ADMIN_API_LOGGER) private readonly logger: Logger) {}

  async succeed(
    input: { userId: string; orgId: string; connectionId: string; method: 'oidc' | 'saml'; previousSessionId?: string; sso?: SessionSso },
    context: RequestContext,
  ): Promise<{ sessionId: string; session: Session }> {
    if (input.previousSessionId) await this.sessions.destroy(input.previousSessionId);
    const { id, session } = await this.sessions.create(input.userId, Date.now(), input.sso);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(User, { id: input.userId }, { lastLoginAt: new Date() });
      await auditIdpEvent(manager, { userId: input.userId, authMethod: input.method }, { orgId: input.orgId, action: 'auth.login_succeeded', target: { type: 'user', id: input.userId }, after: { connectionId: input.connectionId } }, context);
    });
    return { sessionId: id, session };
  }

  /** A refused SSO sign-in, audited in the connection's org (anonymous unless the user is known). */
  async fail(input: { orgId: string; connectionId: string; method: 'oidc' | 'saml'; reason: string; detail: string; userId?: string | null }, context: RequestContext): Promise<void> {
    this.logger.warn({ connectionId: input.connectionId, reason: input.reason, detail: input.detail, requestId: context.requestId }, 'SSO sign-in refused');
    await this.dataSource.transaction((manager) =>
      auditIdpEvent(
        manager,
        { userId: input.userId ?? null, authMethod: input.method },
        { orgId: input.orgId, action: 'auth.login_failed', target: { type: 'sso_connection', id: input.connectionId }, after: { reason: input.reason, detail: input.detail.slice(0, 500) }, result: 'failure' },
        context,
      ),
    );
  }

  /**
   * The IdP ended the person's session (SAML single logout): ends our sessions that came from this
   * connection for the NameID — only those with the named SessionIndex(es) when given. Audited.
   */
  async idpLogout(input: { orgId: string; connectionId: string; nameId: string; sessionIndexes: string[] }, context: RequestContext): Promise<number> {
    const identity = await this.dataSource.getRepository(SsoIdentity).findOneBy({ connectionId: input.connectionId, subject: input.nameId });
    const revoked = identity ? await this.sessions.revokeSsoSessions(identity.userId, input.connectionId, input.sessionIndexes) : 0;
    await this.dataSource.transaction((manager) =>
      auditIdpEvent(
        manager,
        { userId: identity?.userId ?? null, authMethod: 'saml' },
        {
          orgId: input.orgId,
          action: 'auth.sessions_revoked',
          target: identity ? { type: 'user', id: identity.userId } : { type: 'sso_connection', id: input.connectionId },
          after: { reason: 'saml_idp_logout', connectionId: input.connectionId, revoked, sessionIndexes: input.sessionIndexes.slice(0, 10) },
        },
        context,
      ),
    );
    return revoked;
  }

  /** A refused SAML logout message (unsigned, wrong certificate, unknown request…), audited in the connection's org. */
  async logoutRefused(input: { orgId: string; connectionId: string; reason: string; detail: string }, context: RequestContext): Promise<void> {
    this.logger.warn({ connectionId: input.connectionId, reason: input.reason, detail: input.detail, requestId: context.requestId }, 'SAML logout message refused');
    await this.dataSource.transaction((manager) =>
      auditIdpEvent(
        manager,
        { userId: null, authMethod: 'saml' },
        { orgId: input.orgId, action: 'auth.logout_refused', target: { type: 'sso_connection', id: input.connectionId }, after: { reason: input.reason, detail: input.detail.slice(0, 500) }, result: 'failure' },
        context,
      ),
    );
  }
}
