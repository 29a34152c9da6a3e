import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Problem } from '../errors/problem';
import { ApiRoute } from '../openapi/api-route.decorator';
import { parseInput } from '../http/parse-body';
import { requestContextOf } from '../http/request-context';
import { SESSION_COOKIE } from './auth.constants';
import { Public, RequirePermission } from './auth.decorators';
import { AuthService, type MeResponse } from './auth.service';
import { parseCookies, serializeSessionCookie } from './cookies';
import { originAllowed } from './origin-check';
import { principalOf, type AuthenticatedRequest } from './principal';
import { SESSION_ABSOLUTE_SECONDS } from './session.store';

const loginBodySchema = z.strictObject({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1024),
  totpCode: z.string().regex(/^\d{6}$/).optional().describe('Required once TOTP is enabled for the account'),
});
const totpEnrollAnswerSchema = z.object({ secret: z.string().describe('Base32; shown once'), otpauthUri: z.string().describe('For a QR code') });
const totpConfirmBodySchema = z.strictObject({ code: z.string().regex(/^\d{6}$/) });
const emptyBodySchema = z.strictObject({});

const loginAnswerSchema = z.object({ userId: z.uuid(), csrfToken: z.string().describe('Send in `x-csrf-token` on mutations') });

const revokeAllAnswerSchema = z.object({ revoked: z.int().min(0).describe('How many sessions were ended') });

const meSchema = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), displayName: z.string() }),
  memberships: z.array(
    z.object({ orgId: z.uuid(), orgSlug: z.string(), orgName: z.string(), teamId: z.uuid().nullable(), teamName: z.string().nullable(), role: z.string() }),
  ),
  activeOrgId: z.uuid().nullable(),
  csrfToken: z.string(),
});

@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Break-glass sign-in. Sets the session cookie and returns the CSRF token for mutations. */
  @Public()
  @ApiRoute({ tag: 'Authentication', summary: 'Break-glass sign-in with email and password; sets the session cookie', body: loginBodySchema, response: { status: 200, description: 'Signed in', schema: loginAnswerSchema }, errors: [401, 403, 429] })
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: unknown, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ userId: string; csrfToken: string }> {
    if (!originAllowed(request)) throw new Problem(403, 'cross-origin-request', 'Sign in from the portal or the API origin itself.');
    const { email, password, totpCode } = parseInput(loginBodySchema, body);
    const previous = parseCookies(request.headers.cookie)[SESSION_COOKIE];
    const result = await this.auth.login(email, password, requestContextOf(request), previous, totpCode);
    void reply.header(
      'set-cookie',
      serializeSessionCookie(SESSION_COOKIE, result.sessionId, { maxAgeSeconds: SESSION_ABSOLUTE_SECONDS, secure: request.protocol === 'https' }),
    );
    return { userId: result.userId, csrfToken: result.session.csrfToken };
  }

  @RequirePermission('session:read')
  @ApiRoute({ tag: 'Authentication', summary: 'End the session', response: { status: 204, description: 'Signed out' } })
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(principalOf(request), requestContextOf(request));
    void reply.header('set-cookie', serializeSessionCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: request.protocol === 'https' }));
  }

  @RequirePermission('session:read')
  @ApiRoute({ tag: 'Authentication', summary: 'Start TOTP enrolment of the break-glass account (secret and otpauth URI)', body: emptyBodySchema, response: { status: 200, description: 'The pending secret', schema: totpEnrollAnswerSchema }, errors: [409] })
  @Post('totp/enroll')
  @HttpCode(200)
  enrollTotp(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<{ secret: string; otpauthUri: string }> {
    parseInput(emptyBodySchema, body);
    return this.auth.enrollTotp(principalOf(request));
  }

  @RequirePermission('session:read')
  @ApiRoute({ tag: 'Authentication', summary: 'Confirm TOTP enrolment with a first code; password sign-in then needs totpCode', body: totpConfirmBodySchema, response: { status: 204, description: 'TOTP enabled' }, errors: [409] })
  @Post('totp/verify')
  @HttpCode(204)
  async confirmTotp(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<void> {
    const { code } = parseInput(totpConfirmBodySchema, body);
    await this.auth.confirmTotp(principalOf(request), code, requestContextOf(request));
  }

  /** Sign out everywhere: every session of the caller ends (on every instance), this one included. */
  @RequirePermission('session:read')
  @ApiRoute({
    tag: 'Authentication',
    summary: 'Sign out everywhere: end every session of the signed-in user, this one included',
    response: { status: 200, description: 'Sessions ended', schema: revokeAllAnswerSchema },
  })
  @Post('sessions/revoke-all')
  @HttpCode(200)
  async revokeAll(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ revoked: number }> {
    const revoked = await this.auth.revokeAllSessions(principalOf(request), requestContextOf(request));
    void reply.header('set-cookie', serializeSessionCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: request.protocol === 'https' }));
    return { revoked };
  }

  @RequirePermission('session:read')
  @ApiRoute({ tag: 'Authentication', summary: 'The signed-in user, their memberships and the CSRF token', response: { status: 200, description: 'Who am I', schema: meSchema } })
  @Get('me')
  me(@Req() request: AuthenticatedRequest): Promise<MeResponse> {
    return this.auth.me(principalOf(request));
  }
}
