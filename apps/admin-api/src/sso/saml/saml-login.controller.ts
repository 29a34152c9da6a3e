import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Public } from '../../auth/auth.decorators';
import type { AuthenticatedRequest } from '../../auth/principal';
import { ApiRoute } from '../../openapi/api-route.decorator';
import { SsoLoginFlow } from '../login/sso-login-flow.service';
import { SamlLoginError, SamlLoginService } from './saml-login.service';

const TAG = 'SSO sign-in';
const connectionParams = z.object({ connectionId: z.uuid() });
const acsBodySchema = z.object({ SAMLResponse: z.string(), RelayState: z.string().optional() }).describe('application/x-www-form-urlencoded (HTTP-POST binding)');

/** SAML endpoints the IdP talks to: the assertion consumer service and our SP metadata. */
@Controller('api/v1/auth/sso/saml')
export class SamlLoginController {
  constructor(private readonly saml: SamlLoginService, private readonly flow: SsoLoginFlow) {}

  @Public()
  @ApiRoute({ tag: TAG, summary: 'SAML assertion consumer service (HTTP-POST): validates the response, provisions the user, sets the session cookie, 302 to returnTo', description: 'A refused sign-in is 401 problem+json, or for a browser (Accept: text/html) a 303 to `/sign-in?org=<slug>&ssoError=<reason>`. A "test connection" run creates no session: it records the outcome and 303s to `/settings/sso/{connectionId}?test={testId}`.', params: connectionParams, body: acsBodySchema, response: { status: 302, description: 'Signed in; redirect to returnTo' }, errors: [401, 404] })
  @Post(':connectionId/acs')
  @HttpCode(302)
  async acs(@Param('connectionId') connectionId: string, @Body() body: unknown, @Req() request: AuthenticatedRequest, @Res() reply: FastifyReply): Promise<void> {
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
  @ApiRoute({ tag: TAG, summary: "This connection's SAML service provider metadata (entity id, ACS URL)", params: connectionParams, response: { status: 200, description: 'SP metadata', schema: z.string(), contentType: 'application/samlmetadata+xml' }, errors: [404] })
  @Get(':connectionId/metadata')
  async metadata(@Param('connectionId') connectionId: string, @Res() reply: FastifyReply): Promise<void> {
    const connection = await this.flow.enabledConnection(connectionId, 'saml');
    void reply.header('content-type', 'application/samlmetadata+xml; charset=utf-8').send(this.saml.metadata(connection));
  }
}
