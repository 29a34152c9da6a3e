import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Public } from '../../auth/auth.decorators';
import type { AuthenticatedRequest } from '../../auth/principal';
import { ApiRoute } from '../../openapi/api-route.decorator';
import { SsoLoginFlow } from '../login/sso-login-flow.service';
import { Problem } from '../../errors/problem';
import { requestContextOf } from '../../http/request-context';
import { SsoRateLimiter } from '../login/sso-rate-limiter';
import { SsoSignInService } from '../login/sso-sign-in.service';
import { SamlLoginError, SamlLoginService } from './saml-login.service';
import { SamlLogoutError, SamlLogoutService, type IdpLogoutMessage } from './saml-logout.service';

const TAG = 'SSO sign-in';
const connectionParams = z.object({ connectionId: z.uuid() });
const sloBodySchema = z
  .object({ SAMLRequest: z.string().optional(), SAMLResponse: z.string().optional(), RelayState: z.string().optional() })
  .describe('application/x-www-form-urlencoded (HTTP-POST binding): a signed LogoutRequest or LogoutResponse');
const sloQuerySchema = z.object({
  SAMLRequest: z.string().optional(),
  SAMLResponse: z.string().optional(),
  RelayState: z.string().optional(),
  SigAlg: z.string().optional().describe('Required: unsigned messages are refused'),
  Signature: z.string().optional().describe('Required: unsigned messages are refused'),
});
const SLO_DESCRIPTION =
  'SAML single logout (only for connections with an IdP SLO URL). An IdP-initiated LogoutRequest must be signed with a configured IdP certificate; the sessions it names (NameID, SessionIndex) are ended and audited, and the browser is sent back to the IdP with our LogoutResponse. A LogoutResponse to our SP-initiated request (POST /api/v1/auth/sso/logout) must be signed and answer an outstanding request; the browser then goes to /sign-in. Refusals are 400 problem+json.';
const acsBodySchema = z.object({ SAMLResponse: z.string(), RelayState: z.string().optional() }).describe('application/x-www-form-urlencoded (HTTP-POST binding)');

/** SAML endpoints the IdP talks to: the assertion consumer service and our SP metadata. */
@Controller('api/v1/auth/sso/saml')
export class SamlLoginController {
  constructor(
    private readonly saml: SamlLoginService,
    private readonly logout: SamlLogoutService,
    private readonly flow: SsoLoginFlow,
    private readonly signIn: SsoSignInService,
    private readonly rateLimiter: SsoRateLimiter,
  ) {}

  @Public()
  @ApiRoute({ tag: TAG, summary: 'SAML single logout service (HTTP-POST binding)', description: SLO_DESCRIPTION, params: connectionParams, body: sloBodySchema, response: { status: 302, description: 'To the IdP (LogoutResponse) or to /sign-in' }, errors: [404] })
  @Post(':connectionId/slo')
  async sloPost(@Param('connectionId') connectionId: string, @Body() body: unknown, @Req() request: AuthenticatedRequest, @Res() reply: FastifyReply): Promise<void> {
    const connection = await this.flow.enabledConnection(connectionId, 'saml');
    const input = (body ?? {}) as Record<string, unknown>;
    await this.answerLogout(connection, () => this.logout.fromPost(connection, input), typeof input.RelayState === 'string' ? input.RelayState : '', request, reply);
  }

  @Public()
  @ApiRoute({ tag: TAG, summary: 'SAML single logout service (HTTP-Redirect binding)', description: SLO_DESCRIPTION, params: connectionParams, query: sloQuerySchema, response: { status: 302, description: 'To the IdP (LogoutResponse) or to /sign-in' }, errors: [404] })
  @Get(':connectionId/slo')
  async sloRedirect(@Param('connectionId') connectionId: string, @Query() query: Record<string, string>, @Req() request: AuthenticatedRequest, @Res() reply: FastifyReply): Promise<void> {
    const connection = await this.flow.enabledConnection(connectionId, 'saml');
    const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    await this.answerLogout(connection, () => this.logout.fromRedirect(connection, query, rawQuery), query.RelayState ?? '', request, reply);
  }

  private async answerLogout(connection: Parameters<SamlLogoutService['fromPost']>[0], read: () => Promise<IdpLogoutMessage>, relayState: string, request: AuthenticatedRequest, reply: FastifyReply): Promise<void> {
    let message: IdpLogoutMessage;
    try {
      message = await read();
    } catch (err) {
      if (err instanceof SamlLogoutError) {
        await this.signIn.logoutRefused({ orgId: connection.orgId, connectionId: connection.id, reason: err.reason, detail: err.message }, requestContextOf(request));
        throw new Problem(400, 'saml-logout-refused', `The SAML logout message was refused (${err.reason}).`);
      }
      throw err;
    }
    if (message.kind === 'logout_response') {
      void reply.header('cache-control', 'no-store').redirect('/sign-in', 303);
      return;
    }
    await this.signIn.idpLogout({ orgId: connection.orgId, connectionId: connection.id, nameId: message.nameId, sessionIndexes: message.sessionIndexes }, requestContextOf(request));
    const back = await this.logout.logoutResponseUrl(connection, message.request, relayState, true);
    void reply.header('cache-control', 'no-store').redirect(back ?? '/sign-in', 302);
  }

  @Public()
  @ApiRoute({ tag: TAG, summary: 'SAML assertion consumer service (HTTP-POST): validates the response, provisions the user, sets the session cookie, 302 to returnTo', description: 'A refused sign-in is 401 problem+json, or for a browser (Accept: text/html) a 303 to `/sign-in?org=<slug>&ssoError=<reason>`. A "test connection" run creates no session: it records the outcome and 303s to `/settings/sso/{connectionId}?test={testId}`.', params: connectionParams, body: acsBodySchema, response: { status: 302, description: 'Signed in; redirect to returnTo' }, errors: [401, 404, 429] })
  @Post(':connectionId/acs')
  @HttpCode(302)
  async acs(@Param('connectionId') connectionId: string, @Body() body: unknown, @Req() request: AuthenticatedRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.rateLimiter.hit('answer', requestContextOf(request).ip);
    // Enabled or not: a disabled connection may finish a test run; finish() refuses real sign-ins on it.
    const connection = await this.flow.anyConnection(connectionId, 'saml');
    let result: Awaited<ReturnType<SamlLoginService['acs']>>;
    try {
      result = await this.saml.acs(connection, (body ?? {}) as Record<string, unknown>);
    } catch (err) {
      if (err instanceof SamlLoginError) return this.flow.refuse(connection, err.reason, err.message, request, reply, err.attempt);
      throw err;
    }
    await this.flow.finish(connection, result.profile, result.attempt ?? { returnTo: result.returnTo }, request, reply);
  }

  @Public()
  @ApiRoute({ tag: TAG, summary: "This connection's SAML service provider metadata (entity id, ACS URL, the SLO URL when the IdP has single logout, and AuthnRequestsSigned with the signing certificate when SAML_SP_PRIVATE_KEY is set)", params: connectionParams, response: { status: 200, description: 'SP metadata', schema: z.string(), contentType: 'application/samlmetadata+xml' }, errors: [404] })
  @Get(':connectionId/metadata')
  async metadata(@Param('connectionId') connectionId: string, @Res() reply: FastifyReply): Promise<void> {
    const connection = await this.flow.enabledConnection(connectionId, 'saml');
    void reply.header('content-type', 'application/samlmetadata+xml; charset=utf-8').send(this.saml.metadata(connection));
  }
}
