import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Organization, SsoConnection } from '@sluice/db';
import { SESSION_COOKIE } from '../../auth/auth.constants';
import { Public, RequirePermission } from '../../auth/auth.decorators';
import { AuthService } from '../../auth/auth.service';
import { serializeSessionCookie } from '../../auth/cookies';
import { principalOf, type AuthenticatedRequest } from '../../auth/principal';
import { requestContextOf } from '../../http/request-context';
import { SamlLogoutService } from '../saml/saml-logout.service';
import { Problem } from '../../errors/problem';
import { parseInput } from '../../http/parse-body';
import { ApiRoute } from '../../openapi/api-route.decorator';
import { ConnectionTestStore } from '../connection-test/connection-test.store';
import { OidcLoginError, OidcLoginService } from '../oidc/oidc-login.service';
import { SamlLoginService } from '../saml/saml-login.service';
import { safeReturnTo } from './return-to';
import { SsoLoginFlow } from './sso-login-flow.service';
import { SSO_ATTEMPT_WINDOW_SECONDS, SSO_ATTEMPTS_PER_WINDOW, SsoRateLimiter } from './sso-rate-limiter';

const TAG = 'SSO sign-in';
const discoverQuerySchema = z.strictObject({ org: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/) });
const discoverAnswerSchema = z.object({
  connections: z.array(z.object({ id: z.uuid(), type: z.enum(['oidc', 'saml']), name: z.string() })),
  breakGlassEnabled: z.boolean(),
});
const startQuerySchema = z.object({
  returnTo: z.string().max(2048).optional().describe('A same-origin relative path; anything else becomes `/`'),
  test: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/).optional().describe('A pending "test connection" run (POST /api/v1/sso/connections/{id}/test): sign in for real but create no session; works on a disabled connection'),
});
const connectionParams = z.object({ connectionId: z.uuid() });
const logoutAnswerSchema = z.object({ redirectTo: z.string().nullable() });
const oidcCallbackQuerySchema = z.object({
  code: z.string().optional(),
  state: z.string().optional(),
  iss: z.string().optional().describe('RFC 9207 issuer identification'),
  error: z.string().optional(),
  error_description: z.string().optional(),
});

/** The public side of SSO: which connections an org offers, starting a sign-in, and the OIDC callback. */
@Controller('api/v1/auth/sso')
export class SsoLoginController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly oidcLogin: OidcLoginService,
    private readonly samlLogin: SamlLoginService,
    private readonly flow: SsoLoginFlow,
    private readonly tests: ConnectionTestStore,
    private readonly auth: AuthService,
    private readonly samlLogout: SamlLogoutService,
    private readonly rateLimiter: SsoRateLimiter,
  ) {}

  /**
   * Sign out, single-logout aware: ends this session like POST /api/v1/auth/logout and, when it came
   * from a SAML connection whose IdP has single logout, answers where to send the browser so the IdP
   * session ends too (a LogoutRequest; the IdP's LogoutResponse comes back to .../saml/{id}/slo).
   */
  @RequirePermission('session:read')
  @ApiRoute({
    tag: TAG,
    summary: 'Sign out; with SAML single logout, also where to send the browser to end the IdP session',
    response: { status: 200, description: '`redirectTo` is the IdP URL to open (SAML SLO), or null when there is nothing more to do', schema: logoutAnswerSchema },
  })
  @Post('logout')
  @HttpCode(200)
  async logout(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<z.infer<typeof logoutAnswerSchema>> {
    const principal = principalOf(request);
    const sso = principal.session.sso;
    await this.auth.logout(principal, requestContextOf(request));
    void reply.header('set-cookie', serializeSessionCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: request.protocol === 'https' }));
    if (!sso) return { redirectTo: null };
    const connection = await this.dataSource.getRepository(SsoConnection).findOneBy({ id: sso.connectionId, enabled: true });
    if (!connection || connection.type !== 'saml') return { redirectTo: null };
    return { redirectTo: await this.samlLogout.logoutRequestUrl(connection, sso) };
  }

  @Public()
  @ApiRoute({ tag: TAG, summary: "An organization's enabled SSO connections and whether break-glass password sign-in is allowed", query: discoverQuerySchema, response: { status: 200, description: 'How to sign in', schema: discoverAnswerSchema }, errors: [404] })
  @Get('discover')
  async discover(@Query() query: unknown): Promise<z.infer<typeof discoverAnswerSchema>> {
    const { org } = parseInput(discoverQuerySchema, query);
    const organization = await this.dataSource.getRepository(Organization).findOneBy({ slug: org });
    if (!organization) throw new Problem(404, 'not-found', 'No organization with this slug.');
    const connections = await this.dataSource.getRepository(SsoConnection).find({ where: { orgId: organization.id, enabled: true }, order: { name: 'ASC' } });
    return { connections: connections.map((c) => ({ id: c.id, type: c.type, name: c.name })), breakGlassEnabled: organization.breakGlassLoginEnabled };
  }

  @Public()
  @ApiRoute({ tag: TAG, summary: 'Start a sign-in: 302 to the identity provider', description: `Rate-limited per client IP (${SSO_ATTEMPTS_PER_WINDOW} starts per ${SSO_ATTEMPT_WINDOW_SECONDS / 60} minutes, 429).`, params: connectionParams, query: startQuerySchema, response: { status: 302, description: 'Redirect to the IdP' }, errors: [404, 429, 502] })
  @Get(':connectionId/start')
  async start(@Param('connectionId') connectionId: string, @Query() query: unknown, @Req() request: AuthenticatedRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.rateLimiter.hit('start', requestContextOf(request).ip);
    const { returnTo, test } = parseInput(startQuerySchema, query);
    let testId: string | undefined;
    if (test) {
      const run = await this.tests.get(test);
      if (!run || run.connectionId !== connectionId || run.status !== 'pending') throw new Problem(404, 'not-found', 'No pending connection test with this id.');
      testId = run.id;
    }
    const connection = testId ? await this.flow.anyConnection(connectionId) : await this.flow.enabledConnection(connectionId);
    const target = safeReturnTo(returnTo);
    let location: string;
    try {
      location = connection.type === 'oidc' ? await this.oidcLogin.start(connection, target, testId) : await this.samlLogin.start(connection, target, testId);
    } catch (err) {
      if (err instanceof OidcLoginError) throw new Problem(502, 'idp-unavailable', `The identity provider could not be reached or is misconfigured (${err.reason}).`);
      throw err;
    }
    void reply.header('cache-control', 'no-store').redirect(location, 302);
  }

  @Public()
  @ApiRoute({ tag: TAG, summary: 'OIDC redirect URI: redeems the code, provisions the user, sets the session cookie and 302s to returnTo', description: 'A refused sign-in is 401 problem+json, or for a browser (Accept: text/html) a 303 to `/sign-in?org=<slug>&ssoError=<reason>`. A "test connection" run creates no session: it records the outcome and 303s to `/settings/sso/{connectionId}?test={testId}`.', params: connectionParams, query: oidcCallbackQuerySchema, response: { status: 302, description: 'Signed in; redirect to returnTo' }, errors: [401, 404, 429] })
  @Get('oidc/:connectionId/callback')
  async oidcCallback(@Param('connectionId') connectionId: string, @Query() query: Record<string, string>, @Req() request: AuthenticatedRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.rateLimiter.hit('answer', requestContextOf(request).ip);
    // Enabled or not: a disabled connection may finish a test run; finish() refuses real sign-ins on it.
    const connection = await this.flow.anyConnection(connectionId, 'oidc');
    let result: Awaited<ReturnType<OidcLoginService['callback']>>;
    try {
      result = await this.oidcLogin.callback(connection, query);
    } catch (err) {
      if (err instanceof OidcLoginError) return this.flow.refuse(connection, err.reason, err.message, request, reply, err.attempt);
      throw err;
    }
    await this.flow.finish(connection, result.profile, result.attempt, request, reply);
  }
}
