import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Organization, SsoConnection } from '@sluice/db';
import { SESSION_COOKIE } from '../../auth/auth.constants';
import { parseCookies, serializeSessionCookie } from '../../auth/cookies';
import type { AuthenticatedRequest } from '../../auth/principal';
import { SESSION_ABSOLUTE_SECONDS } from '../../auth/session.store';
import { Problem } from '../../errors/problem';
import { requestContextOf, type RequestContext } from '../../http/request-context';
import { ConnectionTestStore } from '../connection-test/connection-test.store';
import { JitProvisioner, ProvisioningRefused, type IdpProfile } from '../provisioning/jit-provisioner';
import { auditIdpEvent } from '../sso-audit';
import type { LoginAttempt } from './login-attempt.store';
import { safeReturnTo } from './return-to';
import { SsoSignInService } from './sso-sign-in.service';

/** The portal page a "test connection" run ends on (the portal's SSO settings page shows the result). */
export const connectionTestResultPage = (connectionId: string, testId: string) => `/settings/sso/${connectionId}?test=${encodeURIComponent(testId)}`;

/** A browser navigation (it asked for HTML), as opposed to an API client or a test harness. */
function wantsHtml(request: AuthenticatedRequest): boolean {
  return /\btext\/html\b/.test(String(request.headers.accept ?? ''));
}

/**
 * The steps OIDC and SAML sign-ins share: find the connection, provision, start the session, redirect
 * — or, for a "test connection" run, preview what sign-in would do and record it instead.
 */
@Injectable()
export class SsoLoginFlow {
  constructor(
    private readonly dataSource: DataSource,
    private readonly provisioner: JitProvisioner,
    private readonly signIn: SsoSignInService,
    private readonly tests: ConnectionTestStore,
  ) {}

  async enabledConnection(connectionId: string, type?: 'oidc' | 'saml'): Promise<SsoConnection> {
    const connection = await this.anyConnection(connectionId, type);
    if (!connection.enabled) throw new Problem(404, 'not-found', 'No enabled SSO connection with this id.');
    return connection;
  }

  /** The connection, enabled or not (a disabled one can still finish a "test connection" run). */
  async anyConnection(connectionId: string, type?: 'oidc' | 'saml'): Promise<SsoConnection> {
    const connection = /^[0-9a-f-]{36}$/i.test(connectionId) ? await this.dataSource.getRepository(SsoConnection).findOneBy({ id: connectionId }) : null;
    if (!connection || (type && connection.type !== type)) throw new Problem(404, 'not-found', 'No enabled SSO connection with this id.');
    return connection;
  }

  /**
   * A refused sign-in: audited, then 401 problem+json for API clients, or — for a browser navigation —
   * a 303 to the portal's sign-in page with `ssoError=<reason>` (and `org=<slug>`) so it can say what
   * went wrong. A test run records the failure and goes back to the connection's settings page.
   */
  async refuse(connection: SsoConnection, reason: string, detail: string, request: AuthenticatedRequest, reply: FastifyReply, attempt: LoginAttempt | null = null): Promise<void> {
    const context = requestContextOf(request);
    if (attempt?.testId) return this.finishTest(connection, attempt.testId, { failure: { reason, detail } }, reply, context);
    await this.signIn.fail({ orgId: connection.orgId, connectionId: connection.id, method: connection.type, reason, detail }, context);
    if (!wantsHtml(request)) throw new Problem(401, 'sso-failed', `Single sign-on failed (${reason}).`);
    const org = await this.dataSource.getRepository(Organization).findOneBy({ id: connection.orgId });
    const query = new URLSearchParams({ ...(org ? { org: org.slug } : {}), ssoError: reason });
    void reply.header('cache-control', 'no-store').redirect(`/sign-in?${query.toString()}`, 303);
  }

  async finish(connection: SsoConnection, profile: IdpProfile, attempt: Pick<LoginAttempt, 'returnTo' | 'testId'> | null, request: AuthenticatedRequest, reply: FastifyReply): Promise<void> {
    const context = requestContextOf(request);
    if (attempt?.testId) return this.previewForTest(connection, profile, attempt.testId, reply, context);
    if (!connection.enabled) return this.refuse(connection, 'connection_disabled', 'This SSO connection is disabled.', request, reply);
    let userId: string;
    try {
      userId = await this.provisioner.provision(profile, context);
    } catch (err) {
      if (err instanceof ProvisioningRefused) return this.refuse(connection, err.reason, err.message, request, reply);
      throw err;
    }
    const previous = parseCookies(request.headers.cookie)[SESSION_COOKIE];
    const sso = { connectionId: profile.connectionId, nameId: profile.subject, ...(profile.saml?.nameIdFormat ? { nameIdFormat: profile.saml.nameIdFormat } : {}), ...(profile.saml?.sessionIndex ? { sessionIndex: profile.saml.sessionIndex } : {}) };
    const { sessionId } = await this.signIn.succeed({ userId, orgId: profile.orgId, connectionId: profile.connectionId, method: profile.method, previousSessionId: previous, sso }, context);
    void reply
      .header('set-cookie', serializeSessionCookie(SESSION_COOKIE, sessionId, { maxAgeSeconds: SESSION_ABSOLUTE_SECONDS, secure: request.protocol === 'https' }))
      .header('cache-control', 'no-store')
      .redirect(safeReturnTo(attempt?.returnTo ?? '/'), 302);
  }

  private async previewForTest(connection: SsoConnection, profile: IdpProfile, testId: string, reply: FastifyReply, context: RequestContext): Promise<void> {
    try {
      const preview = await this.provisioner.preview(profile);
      const claims = { subject: profile.subject, email: profile.email, emailVerified: profile.emailVerified, name: profile.name, groups: profile.groups };
      return await this.finishTest(connection, testId, { result: { claims, ...preview } }, reply, context);
    } catch (err) {
      if (err instanceof ProvisioningRefused) return this.finishTest(connection, testId, { failure: { reason: err.reason, detail: err.message } }, reply, context);
      throw err;
    }
  }

  private async finishTest(
    connection: SsoConnection,
    testId: string,
    outcome: Parameters<ConnectionTestStore['finish']>[1],
    reply: FastifyReply,
    context: RequestContext,
  ): Promise<void> {
    const run = await this.tests.finish(testId, outcome);
    if (run && run.connectionId === connection.id) {
      const failed = 'failure' in outcome;
      await this.dataSource.transaction((manager) =>
        auditIdpEvent(
          manager,
          { userId: run.requestedBy, authMethod: connection.type },
          {
            orgId: connection.orgId,
            action: 'sso.connection_tested',
            target: { type: 'sso_connection', id: connection.id },
            after: { testId, status: run.status, ...(failed ? { reason: outcome.failure.reason } : { subject: outcome.result.claims.subject, userAction: outcome.result.user.action }) },
            result: failed ? 'failure' : 'success',
          },
          context,
        ),
      );
    }
    void reply.header('cache-control', 'no-store').redirect(connectionTestResultPage(connection.id, testId), 303);
  }
}
