import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { SsoConnection } from '@sluice/db';
import { SESSION_COOKIE } from '../../auth/auth.constants';
import { parseCookies, serializeSessionCookie } from '../../auth/cookies';
import type { AuthenticatedRequest } from '../../auth/principal';
import { SESSION_ABSOLUTE_SECONDS } from '../../auth/session.store';
import { Problem } from '../../errors/problem';
import { requestContextOf } from '../../http/request-context';
import { JitProvisioner, ProvisioningRefused, type IdpProfile } from '../provisioning/jit-provisioner';
import { safeReturnTo } from './return-to';
import { SsoSignInService } from './sso-sign-in.service';

/** The steps OIDC and SAML sign-ins share: find the enabled connection, provision, start the session, redirect. */
@Injectable()
export class SsoLoginFlow {
  constructor(private readonly dataSource: DataSource, private readonly provisioner: JitProvisioner, private readonly signIn: SsoSignInService) {}

  async enabledConnection(connectionId: string, type?: 'oidc' | 'saml'): Promise<SsoConnection> {
    const connection = /^[0-9a-f-]{36}$/i.test(connectionId) ? await this.dataSource.getRepository(SsoConnection).findOneBy({ id: connectionId, enabled: true }) : null;
    if (!connection || (type && connection.type !== type)) throw new Problem(404, 'not-found', 'No enabled SSO connection with this id.');
    return connection;
  }

  /** Audits the refusal and answers 401 (the reason is in the audit trail and the problem's detail). */
  async refuse(connection: SsoConnection, reason: string, detail: string, request: AuthenticatedRequest): Promise<never> {
    await this.signIn.fail({ orgId: connection.orgId, connectionId: connection.id, method: connection.type, reason, detail }, requestContextOf(request));
    throw new Problem(401, 'sso-failed', `Single sign-on failed (${reason}).`);
  }

  async finish(connection: SsoConnection, profile: IdpProfile, returnTo: string, request: AuthenticatedRequest, reply: FastifyReply): Promise<void> {
    const context = requestContextOf(request);
    let userId: string;
    try {
      userId = await this.provisioner.provision(profile, context);
    } catch (err) {
      if (err instanceof ProvisioningRefused) return this.refuse(connection, err.reason, err.message, request);
      throw err;
    }
    const previous = parseCookies(request.headers.cookie)[SESSION_COOKIE];
    const { sessionId } = await this.signIn.succeed({ userId, orgId: profile.orgId, connectionId: profile.connectionId, method: profile.method, previousSessionId: previous }, context);
    void reply
      .header('set-cookie', serializeSessionCookie(SESSION_COOKIE, sessionId, { maxAgeSeconds: SESSION_ABSOLUTE_SECONDS, secure: request.protocol === 'https' }))
      .header('cache-control', 'no-store')
      .redirect(safeReturnTo(returnTo), 302);
  }
}
