import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { User } from '@sluice/db';
import type { Logger } from '@sluice/observability';
import { SessionStore, type Session } from '../../auth/session.store';
import type { RequestContext } from '../../http/request-context';
import { ADMIN_API_LOGGER } from '../../logger.token';
import { auditIdpEvent } from '../sso-audit';

/** Ends an SSO sign-in the way break-glass login ends: rotated session (cookie + CSRF token), audited in the org. */
@Injectable()
export class SsoSignInService {
  constructor(private readonly dataSource: DataSource, private readonly sessions: SessionStore, @Inject(ADMIN_API_LOGGER) private readonly logger: Logger) {}

  async succeed(
    input: { userId: string; orgId: string; connectionId: string; method: 'oidc' | 'saml'; previousSessionId?: string },
    context: RequestContext,
  ): Promise<{ sessionId: string; session: Session }> {
    if (input.previousSessionId) await this.sessions.destroy(input.previousSessionId);
    const { id, session } = await this.sessions.create(input.userId);
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
}
